import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { splitIntoPieces, type AnswerShape } from './answer-shape.js';
import type { CompletionPlan } from './plan-completion.js';
import { openAIErrorBody } from './send-openai-error.js';
import type { SimulatorContext } from './simulator-context.js';
import type { SimulatorBehaviour } from './simulator-options.js';

// Below this, pieces due at the same time go out in one write rather than one timer each.
const MINIMUM_TICK_MS = 10;

/** Everything decided about an answer before its first byte is sent. */
export interface Delivery {
  plan: CompletionPlan;
  shape: AnswerShape;
  behaviour: SimulatorBehaviour;
  stream: boolean;
  includeUsage: boolean;
  /** Break the stream half way this way, or not at all. */
  failMidStream: SimulatorBehaviour['failMidStreamMode'] | null;
}

/**
 * Sends a planned answer at the simulated speed: after the first-token latency, then one
 * piece per token interval (streams), or all at once after the whole generation time (JSON).
 * Timers only; a client that goes away cancels them and is counted as aborted.
 */
export function deliverAnswer(context: SimulatorContext, response: ServerResponse, delivery: Delivery): void {
  const latencyMs = jitteredLatency(context, delivery.behaviour);
  if (delivery.stream) streamAnswer(context, response, delivery, latencyMs);
  else sendWholeAnswer(context, response, delivery, latencyMs);
}

function jitteredLatency(context: SimulatorContext, behaviour: SimulatorBehaviour): number {
  const spread = behaviour.latencyJitter * (2 * context.random() - 1);
  return Math.max(0, behaviour.firstTokenLatencyMs * (1 + spread));
}

function generationMs(plan: CompletionPlan, behaviour: SimulatorBehaviour): number {
  return Number.isFinite(behaviour.tokensPerSecond) ? (plan.completionTokens * 1000) / behaviour.tokensPerSecond : 0;
}

function sendWholeAnswer(context: SimulatorContext, response: ServerResponse, delivery: Delivery, latencyMs: number): void {
  let done = false;
  const finish = (): void => {
    done = true;
    context.pending.delete(cancel);
  };
  const timer = setTimeout(() => {
    finish();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(delivery.shape.response(delivery.plan)));
    context.stats.completed += 1;
  }, latencyMs + generationMs(delivery.plan, delivery.behaviour));
  const cancel = (): void => {
    clearTimeout(timer);
    finish();
    response.destroy();
  };
  context.pending.add(cancel);
  response.on('close', () => {
    if (done) return;
    clearTimeout(timer);
    finish();
    context.stats.aborted += 1;
  });
}

function streamAnswer(context: SimulatorContext, response: ServerResponse, delivery: Delivery, latencyMs: number): void {
  const { plan, shape } = delivery;
  const pieces = splitIntoPieces(plan.text);
  const tokensPerPiece = plan.completionTokens / Math.max(1, pieces.length);
  const intervalMs = generationMs(plan, delivery.behaviour) > 0 ? (tokensPerPiece * 1000) / delivery.behaviour.tokensPerSecond : 0;
  const failAfter = delivery.failMidStream ? Math.max(1, Math.floor(pieces.length / 2)) : -1;
  const firstAt = performance.now() + latencyMs;
  let sent = 0;
  let opened = false;
  let ended = false;
  let timer: NodeJS.Timeout | null = null;

  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  response.flushHeaders();
  context.stats.activeStreams += 1;

  const end = (): void => {
    ended = true;
    if (timer) clearTimeout(timer);
    context.pending.delete(cancel);
    context.stats.activeStreams -= 1;
  };
  const cancel = (): void => {
    end();
    response.destroy();
  };
  context.pending.add(cancel);
  response.on('close', () => {
    if (ended) return;
    end();
    context.stats.aborted += 1;
  });

  const tick = (): void => {
    timer = null;
    if (ended) return;
    const now = performance.now();
    let due = intervalMs > 0 ? Math.min(pieces.length, Math.floor((now - firstAt) / intervalMs) + 1) : pieces.length;
    if (failAfter >= 0) due = Math.min(due, failAfter);
    let out = '';
    if (!opened) {
      opened = true;
      for (const chunk of shape.openingChunks(plan)) out += frame(shape, chunk);
    }
    while (sent < due) out += frame(shape, shape.pieceChunk(plan, pieces[sent++] ?? ''));
    if (failAfter >= 0 && sent >= failAfter) {
      failStream(context, response, delivery, out);
      end();
      return;
    }
    if (sent >= pieces.length) {
      if (shape.closingChunks) {
        for (const chunk of shape.closingChunks(plan)) out += frame(shape, chunk);
      } else {
        out += event(shape.finalChunk(plan));
        if (delivery.includeUsage) out += event(shape.usageChunk(plan));
        out += 'data: [DONE]\n\n';
      }
      end();
      response.end(out);
      context.stats.completed += 1;
      return;
    }
    if (out !== '') response.write(out);
    timer = setTimeout(tick, Math.max(MINIMUM_TICK_MS, firstAt + sent * intervalMs - performance.now()));
  };
  timer = setTimeout(tick, latencyMs);
}

function failStream(context: SimulatorContext, response: ServerResponse, delivery: Delivery, pending: string): void {
  context.stats.midStreamFailures += 1;
  if (delivery.failMidStream === 'error-event') {
    const body = delivery.shape.errorChunk?.() ?? openAIErrorBody(500, { message: 'The model stopped generating because of a server error.' });
    response.end(`${pending}${frame(delivery.shape, body)}`);
    return;
  }
  // Flush what was generated, then break the connection the way a crashed upstream does.
  if (pending === '') response.destroy();
  else response.write(pending, () => response.destroy());
}

function event(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function frame(shape: AnswerShape, payload: object): string {
  return shape.frameChunk ? shape.frameChunk(payload) : event(payload);
}
