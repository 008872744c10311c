import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { ChatResult } from '../spec/chat-result.js';
import { GatewayError, toGatewayError } from '../spec/errors.js';
import { isContentPart, type StreamPart } from '../spec/stream-part.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { AttemptSignal } from './attempt-signal.js';
import type { Cancellation } from './cancellation.js';
import { classifyError, isRateLimit } from './classify-error.js';
import type { Attempt, Plan } from './plan-attempts.js';

export interface ExecuteInput {
  plan: Plan;
  request: ChatRequest;
  adapterFor: (protocol: string) => ProviderAdapter | undefined;
  /** The client going away cancels the attempt in flight. */
  cancellation: Cancellation;
  clientHeaders: Record<string, string>;
  now: () => number;
}

export interface CompletedExecution {
  attempt: Attempt;
  result: ChatResult;
  outcomes: AttemptOutcome[];
}

export interface StreamExecution {
  attempt: Attempt;
  outcomes: AttemptOutcome[];
  /** When the winning attempt's first part arrived (ms). */
  firstPartAt: number;
  /** The committed stream: buffered head parts, then the rest, with idle/total timeouts. */
  parts: AsyncGenerator<StreamPart, void, undefined>;
  /** Aborts the upstream call (client went away). */
  abort(reason: GatewayError): void;
}

/**
 * Runs a non-streamed request through the plan: each failure is classified, and fallback
 * failures move on to the next attempt. Throws the client's error, or an all-failed error
 * naming every attempt.
 */
export async function executeComplete(input: ExecuteInput): Promise<CompletedExecution> {
  const outcomes: AttemptOutcome[] = [];
  for (const attempt of input.plan.attempts) {
    const adapter = requireAdapter(input, attempt);
    const timeouts = attempt.endpoint.provider.timeouts;
    const startedAt = input.now();
    const signal = new AttemptSignal(input.cancellation, timeouts.firstTokenMs, timeouts.totalMs);
    try {
      const result = await adapter.complete(input.request, { endpoint: attempt.endpoint, signal: signal.signal, clientHeaders: input.clientHeaders });
      outcomes.push({ attempt, status: 200, startedAt, latencyMs: input.now() - startedAt });
      return { attempt, result, outcomes };
    } catch (caught) {
      const error = attemptError(caught, signal);
      outcomes.push({ attempt, status: statusOf(error), startedAt, latencyMs: input.now() - startedAt, error });
      if (classifyError(error) === 'client') throw error;
    } finally {
      signal.dispose();
    }
  }
  throw allFailed(outcomes);
}

/**
 * Runs a streamed request: an attempt is committed when its first content part (or its
 * finish) arrives; until then a failure falls back to the next attempt.
 */
export async function executeStream(input: ExecuteInput): Promise<StreamExecution> {
  const outcomes: AttemptOutcome[] = [];
  for (const attempt of input.plan.attempts) {
    const adapter = requireAdapter(input, attempt);
    const timeouts = attempt.endpoint.provider.timeouts;
    const startedAt = input.now();
    const signal = new AttemptSignal(input.cancellation, timeouts.firstTokenMs, timeouts.totalMs);
    let iterator: AsyncIterator<StreamPart> | undefined;
    try {
      const parts = await adapter.stream(input.request, { endpoint: attempt.endpoint, signal: signal.signal, clientHeaders: input.clientHeaders });
      iterator = parts[Symbol.asyncIterator]();
      const head: StreamPart[] = [];
      for (;;) {
        const next = await iterator.next();
        if (next.done) throw new GatewayError('upstream_connection', 'The upstream stream ended before any content');
        const part = next.value;
        if (part.type === 'error') throw part.error;
        head.push(part);
        if (isContentPart(part) || part.type === 'finish') break;
      }
      const firstPartAt = input.now();
      outcomes.push({ attempt, status: 200, startedAt, latencyMs: firstPartAt - startedAt });
      signal.startIdleWatch(timeouts.idleMs);
      return {
        attempt,
        outcomes,
        firstPartAt,
        parts: committedParts(head, iterator, signal),
        abort: (reason) => signal.abort(reason),
      };
    } catch (caught) {
      const error = attemptError(caught, signal);
      signal.abort(error);
      void iterator?.return?.();
      outcomes.push({ attempt, status: statusOf(error), startedAt, latencyMs: input.now() - startedAt, error });
      if (classifyError(error) === 'client') throw error;
    }
  }
  throw allFailed(outcomes);
}

async function* committedParts(head: StreamPart[], iterator: AsyncIterator<StreamPart>, signal: AttemptSignal): AsyncGenerator<StreamPart, void, undefined> {
  try {
    yield* head;
    for (;;) {
      let next: IteratorResult<StreamPart>;
      try {
        next = await iterator.next();
      } catch (caught) {
        throw attemptError(caught, signal);
      }
      if (next.done) return;
      signal.touch();
      yield next.value;
      // No early return after `finish`: the adapter still reads the rest of the body (usage
      // after the finish, `[DONE]`), and stopping it early would close a reusable connection.
      if (next.value.type === 'error') return;
    }
  } finally {
    signal.dispose();
    void iterator.return?.();
  }
}

function requireAdapter(input: ExecuteInput, attempt: Attempt): ProviderAdapter {
  const adapter = input.adapterFor(attempt.endpoint.provider.adapter);
  if (!adapter) throw new GatewayError('internal', `No adapter for protocol ${attempt.endpoint.provider.adapter}`);
  return adapter;
}

/** The abort reason wins: a timeout we fired is reported as the timeout, not as "aborted". */
function attemptError(caught: unknown, signal: AttemptSignal): GatewayError {
  const reason: unknown = signal.signal.aborted ? signal.signal.reason : undefined;
  if (reason instanceof GatewayError) return reason;
  return toGatewayError(caught);
}

function statusOf(error: GatewayError): number | null {
  if (error.upstreamStatus !== undefined) return error.upstreamStatus;
  return error.kind === 'upstream_timeout' ? 408 : null;
}

function allFailed(outcomes: AttemptOutcome[]): GatewayError {
  const errors = outcomes.map((outcome) => outcome.error).filter((error): error is GatewayError => error !== undefined);
  const attempts = outcomes.map((outcome) => ({
    provider: outcome.attempt.endpoint.provider.slug,
    endpoint: outcome.attempt.endpoint.id,
    model: outcome.attempt.model.id,
    status: outcome.status,
    error: outcome.error?.message ?? null,
  }));
  const summary = attempts.map((entry) => `${entry.endpoint}: ${entry.error ?? 'failed'}`).join('; ');
  const allRateLimited = errors.length > 0 && errors.every(isRateLimit);
  const retryAfter = allRateLimited ? Math.min(...errors.map((error) => error.retryAfterSeconds ?? 1)) : undefined;
  return new GatewayError(allRateLimited ? 'rate_limited' : 'all_attempts_failed', `All providers failed: ${summary}`, {
    status: allRateLimited ? 429 : 502,
    metadata: { attempts, error_type: allRateLimited ? 'rate_limit_exceeded' : 'provider_unavailable' },
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  });
}
