import type { ServerResponse } from 'node:http';
import { encodeUsage } from '../../api/shared/encode-usage.js';
import type { Model } from '../../catalog/catalog-types.js';
import { countPromptTokens } from '../../metering/count-tokens.js';
import { newGenerationId } from '../../metering/generation-id.js';
import { meterGeneration } from '../../metering/meter-generation.js';
import { Cancellation } from '../../routing/cancellation.js';
import { executeComplete } from '../../routing/execute-attempts.js';
import { countPromptTokensFor } from '../../metering/count-prompt-tokens-by-family.js';
import { buildRouterMetadata } from '../../routing/router-metadata.js';
import { readJsonBody, sendJson, type Exchange } from '../exchange.js';
import type { GatewayContext } from '../gateway-context.js';
import type { InferenceSurface } from './inference-surface.js';
import { promptTokenUpperBound } from './prompt-token-bound.js';
import { passThroughHeaders, readAttribution } from './request-attribution.js';
import { streamInference } from './stream-inference.js';
import { costSplit, explainFailure, recordFailure, responseIdentity, summarizeAttempts, executeInput, type InferenceCall } from './inference-call.js';

/**
 * The inference request path: authenticate, decode, plan, admit (limits, reservation), execute,
 * encode, meter. Every admitted request gets exactly one record (answered, failed or cancelled);
 * a failure before admission is rendered by the error handler and records nothing.
 */
export async function handleInference(context: GatewayContext, surface: InferenceSurface, exchange: Exchange): Promise<void> {
  const { request, response } = exchange;
  const startedAt = context.now();
  const generationId = newGenerationId(startedAt);
  // On every inference response, errors included, so a failed call can be quoted too.
  response.setHeader('x-generation-id', generationId);
  // Listening from the start: a client that leaves while the request is authenticated, decoded
  // or admitted must still cancel it (a 'close' missed then would leave the call running).
  const cancellation = new Cancellation();
  response.on('close', () => {
    if (!response.writableFinished) cancellation.cancel();
  });
  const caller = await context.authenticator.authenticateInference(surface.authorization ? surface.authorization(request.headers) : request.headers.authorization);
  const decoded = surface.decode(await readJsonBody(request, context.settings.bodyLimitBytes));
  const sessionId = decoded.directives.sessionId ?? headerValue(request.headers['x-session-id']);
  const promptBound = promptTokenUpperBound(decoded.request);
  const route = {
    catalog: context.catalog,
    directives: decoded.directives,
    request: decoded.request,
    hasAdapter: (protocol: string) => context.adapterFor(protocol) !== undefined,
    promptTokenUpperBound: promptBound,
    countPromptTokens: (model: Model) => countPromptTokensFor(decoded.request, model.tokenizer),
    scope: caller.key.hash,
    sessionId,
  };
  // Shared sticky routes (Redis) are loaded first; in memory there is nothing to wait for.
  const preparing = context.router.prepare(route);
  if (preparing !== undefined) await preparing;
  const plan = context.router.plan(route);
  // Limits and the worst-case reservation, before any upstream call (429 / 402).
  const admission = await context.metering.admit({
    key: caller.key, attempts: plan.attempts, request: decoded.request,
    promptTokenUpperBound: promptBound, countPromptTokens: () => countPromptTokens(decoded.request),
  });

  const call: InferenceCall = {
    context, surface, plan, apiKeyHash: caller.key.hash, generationId, startedAt, cancellation,
    request: decoded.request,
    directives: decoded.directives,
    clientHeaders: passThroughHeaders(request.headers),
    outcomes: [],
    routerMetadata: headerValue(request.headers['x-openrouter-metadata'])?.toLowerCase() === 'enabled',
    requestFacts: {
      id: generationId,
      apiKeyHash: caller.key.hash,
      apiType: surface.apiType,
      request: decoded.request,
      startedAt,
      attribution: readAttribution(request.headers),
      userAgent: request.headers['user-agent'] ?? null,
      sessionId,
    },
    admission,
  };
  try {
    if (decoded.request.stream) await streamInference(call, response);
    else await completeInference(call, response);
  } finally {
    // A request that ended without a record (a bug, a throw while encoding) frees its hold.
    context.metering.abandon(admission);
  }
}

async function completeInference(call: InferenceCall, response: ServerResponse): Promise<void> {
  const { context } = call;
  const execution = await executeComplete(executeInput(call)).catch((caught: unknown) => {
    recordFailure(call, caught, false);
    throw explainFailure(call, caught);
  });
  const endedAt = context.now();
  const { result, attempt } = execution;
  context.router.served(call.plan, attempt);
  const metered = meterGeneration(call.requestFacts, {
    served: attempt,
    attempts: summarizeAttempts(execution.outcomes),
    upstreamId: result.upstreamId ?? null,
    reportedUsage: result.usage,
    producedText: () => [result.content ?? '', result.reasoning ?? '', ...result.toolCalls.map((toolCall) => toolCall.arguments)].join(''),
    finishReason: result.finishReason,
    nativeFinishReason: result.nativeFinishReason,
    streamed: false,
    cancelled: false,
    firstTokenAt: endedAt,
    endedAt,
    errorMessage: null,
  });
  // The answer goes out once its record is journaled (when there is a journal).
  const journaled = context.metering.finish(call.admission, metered.record);
  if (journaled !== undefined) await journaled;
  const identity = responseIdentity(call, attempt.model.id, attempt.endpoint.provider.name);
  const routerMetadata = call.routerMetadata ? buildRouterMetadata(call.plan, execution.outcomes, attempt) : undefined;
  sendJson(response, 200, call.surface.encodeResponse(identity, result, encodeUsage(metered.usage, costSplit(metered.cost)), routerMetadata));
}

function headerValue(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.slice(0, 256) : null;
}
