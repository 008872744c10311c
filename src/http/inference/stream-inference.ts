import type { ServerResponse } from 'node:http';
import { encodeUsage } from '../../api/shared/encode-usage.js';
import { meterGeneration } from '../../metering/meter-generation.js';
import { executeStream, type StreamExecution } from '../../routing/execute-attempts.js';
import { buildRouterMetadata } from '../../routing/router-metadata.js';
import { GatewayError, toGatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { Usage } from '../../spec/usage.js';
import { addStreamLegs } from './bill-stream-legs.js';
import { relayTurn } from './relay-turn.js';
import { costSplit, explainFailure, recordFailure, responseIdentity, summarizeAttempts, executeInput, type InferenceCall } from './inference-call.js';

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * Streams one generation as SSE. Until an upstream commits (first content part), failures fall
 * back; if none commits before the keep-alive interval, the 200 and comment lines go out so the
 * client's connection stays warm, and a later total failure becomes an in-stream error chunk.
 * Otherwise the failure is a plain JSON error with its status (thrown to the error handler).
 */
export async function streamInference(call: InferenceCall, response: ServerResponse): Promise<void> {
  const { context } = call;
  let headersSent = false;
  const sendHeaders = (): void => {
    if (headersSent) return;
    headersSent = true;
    response.writeHead(200, SSE_HEADERS);
  };
  let keepalive: NodeJS.Timeout | undefined;
  const armKeepalive = (): void => {
    keepalive = setTimeout(() => {
      sendHeaders();
      response.write(call.surface.streamKeepalive);
      armKeepalive();
    }, context.settings.keepaliveMs);
  };
  armKeepalive();

  let execution: StreamExecution;
  try {
    execution = await executeStream(executeInput(call));
  } catch (caught) {
    clearTimeout(keepalive);
    recordFailure(call, caught, true);
    const error = explainFailure(call, caught);
    if (!headersSent) throw error;
    if (!call.cancellation.cancelled) {
      const identity = responseIdentity(call, call.directives.model, '');
      response.end(call.surface.createStreamWriter(identity).writeError(error));
    }
    return;
  }
  clearTimeout(keepalive);
  sendHeaders();
  await relayStream(call, execution, response);
}

async function relayStream(call: InferenceCall, execution: StreamExecution, response: ServerResponse): Promise<void> {
  const { context } = call;
  const first = execution.attempt;
  const writer = call.surface.createStreamWriter(responseIdentity(call, first.model.id, first.endpoint.provider.name));
  const produced: string[] = [];
  let upstreamId: string | null = null;
  let finishReason: FinishReason | null = null;
  let nativeFinishReason: string | null = null;
  let stopSequence: string | undefined;
  let usage: Usage | undefined;
  let failure: GatewayError | undefined;
  let finished = false;

  const parts = execution.parts;
  try {
    for (;;) {
      // The parts at hand (a network read's worth) are taken synchronously; only an empty
      // hand waits, on one promise handed up from the upstream body, and then for the relay's
      // turn, after the other I/O of the same loop iteration (relay-turn.ts).
      const step = parts.takeReady();
      if (step === undefined) {
        await parts.whenReady();
        await relayTurn();
        continue;
      }
      if (step.done === true) break;
      const part = step.value;
      switch (part.type) {
        case 'response-metadata':
          upstreamId = part.upstreamId ?? upstreamId;
          continue;
        case 'finish':
          finishReason = part.finishReason;
          nativeFinishReason = part.nativeFinishReason;
          stopSequence = part.stopSequence;
          usage = part.usage;
          finished = true;
          continue;
        case 'error':
          failure = part.error;
          continue;
        case 'text-delta':
        case 'reasoning-delta':
        case 'refusal-delta':
          produced.push(part.delta);
          break;
        case 'tool-call-delta':
          produced.push(part.argumentsDelta);
          break;
        case 'reasoning-details':
          break;
      }
      const text = writer.writePart(part);
      if (text && !response.write(text)) await drained(response);
    }
  } catch (caught) {
    failure = toGatewayError(caught);
    void parts.return?.();
  }
  const cancelled = call.cancellation.cancelled;
  if (!finished && !failure) failure = new GatewayError('upstream_connection', 'The upstream stream ended without finishing');
  const endedAt = context.now();
  // A resumed stream is served by its last leg; the earlier legs are added to the bill below.
  const attempt = execution.attempt;
  const metered = meterGeneration(call.requestFacts, {
    served: attempt,
    attempts: summarizeAttempts(execution.outcomes),
    upstreamId,
    reportedUsage: usage,
    producedText: () => produced.join(''),
    finishReason: failure && !cancelled ? 'error' : finishReason,
    nativeFinishReason,
    streamed: true,
    cancelled,
    firstTokenAt: execution.firstPartAt,
    endedAt,
    errorMessage: failure && !cancelled ? failure.message : null,
  });
  addStreamLegs(metered, execution.legs, call.request);
  if (!failure) context.router.served(call.plan, attempt);
  // Recorded (and journaled) before the last bytes go out, so GET /generation finds it the
  // moment the stream ends and a process killed after that loses nothing.
  const journaled = context.metering.finish(call.admission, metered.record);
  if (journaled !== undefined) await journaled;
  if (cancelled) {
    response.destroy();
    return;
  }
  const routerMetadata = call.routerMetadata ? buildRouterMetadata(call.plan, execution.outcomes, attempt) : undefined;
  response.end(
    failure
      ? writer.writeError(failure)
      : writer.writeEnd({ finishReason, nativeFinishReason, ...(stopSequence !== undefined ? { stopSequence } : {}) }, encodeUsage(metered.usage, costSplit(metered.cost)), routerMetadata),
  );
}

/** Waits for the socket to take more (a slow client), or for it to go away. */
function drained(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
