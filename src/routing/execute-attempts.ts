import type { ProviderAdapter, UpstreamCall } from '../providers/provider-adapter.js';
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
    const running = startAttempt(input, attempt);
    try {
      const result = await running.adapter.complete(input.request, running.call);
      outcomes.push({ attempt, status: 200, startedAt: running.startedAt, latencyMs: input.now() - running.startedAt });
      return { attempt, result, outcomes };
    } catch (caught) {
      failAttempt(input, outcomes, attempt, running, caught);
    } finally {
      running.signal.dispose();
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
    const running = startAttempt(input, attempt);
    const { signal, startedAt } = running;
    let iterator: AsyncIterator<StreamPart> | undefined;
    try {
      const parts = await running.adapter.stream(input.request, running.call);
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
      signal.startIdleWatch(attempt.endpoint.provider.timeouts.idleMs);
      return {
        attempt,
        outcomes,
        firstPartAt,
        parts: committedParts(head, iterator, signal),
        abort: (reason) => signal.abort(reason),
      };
    } catch (caught) {
      void iterator?.return?.();
      failAttempt(input, outcomes, attempt, running, caught);
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

/** An attempt in flight: its adapter, its signal (timeouts, client cancel) and the call. */
interface RunningAttempt {
  adapter: ProviderAdapter;
  signal: AttemptSignal;
  startedAt: number;
  call: UpstreamCall;
}

function startAttempt(input: ExecuteInput, attempt: Attempt): RunningAttempt {
  const { provider } = attempt.endpoint;
  const adapter = input.adapterFor(provider.adapter);
  if (!adapter) throw new GatewayError('internal', `No adapter for protocol ${provider.adapter}`);
  const signal = new AttemptSignal(input.cancellation, provider.timeouts.firstTokenMs, provider.timeouts.totalMs);
  return { adapter, signal, startedAt: input.now(), call: { endpoint: attempt.endpoint, signal: signal.signal, clientHeaders: input.clientHeaders } };
}

/**
 * Ends a failed attempt: records it, aborts what is left of its upstream call, and rethrows
 * the client's own errors (bad request, cancelled); otherwise the executor falls back.
 */
function failAttempt(input: ExecuteInput, outcomes: AttemptOutcome[], attempt: Attempt, running: RunningAttempt, caught: unknown): void {
  const error = attemptError(caught, running.signal);
  outcomes.push({ attempt, status: statusOf(error), startedAt: running.startedAt, latencyMs: input.now() - running.startedAt, error });
  running.signal.abort(error);
  if (classifyError(error) === 'client') throw error;
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
