import type { ProviderAdapter, UpstreamCall } from '../providers/provider-adapter.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError, toGatewayError } from '../spec/errors.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { AttemptSignal } from './attempt-signal.js';
import type { Cancellation } from './cancellation.js';
import { classifyError, isRateLimit, type ErrorClass } from './classify-error.js';
import type { EndpointHealth } from './endpoint-health.js';
import type { Attempt, Plan } from './plan-attempts.js';

/** What the executors need for one inference call. */
export interface ExecuteInput {
  plan: Plan;
  request: ChatRequest;
  adapterFor: (protocol: string) => ProviderAdapter | undefined;
  /** The client going away cancels the attempt in flight. */
  cancellation: Cancellation;
  clientHeaders: Record<string, string>;
  now: () => number;
  /** Where attempt outcomes go (load balancing, outage detection); absent in some unit tests. */
  health?: EndpointHealth;
  /** The health windows' clock (the router's, injectable); defaults to `now`. */
  healthNow?: () => number;
  /** The list attempts are recorded into; the caller keeps it to explain a failure. */
  outcomes?: AttemptOutcome[];
  /** Operator-facing warnings (an upstream rejected the gateway's credentials). */
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** An attempt in flight: its adapter, its signal (timeouts, client cancel) and the call. */
export interface RunningAttempt {
  attempt: Attempt;
  adapter: ProviderAdapter;
  signal: AttemptSignal;
  startedAt: number;
  call: UpstreamCall;
  /** Set when a hedge race aborted it: its failure is not the endpoint's fault. */
  lostHedge: boolean;
}

export function startAttempt(input: ExecuteInput, attempt: Attempt): RunningAttempt {
  const { provider } = attempt.endpoint;
  const adapter = input.adapterFor(provider.adapter);
  if (!adapter) throw new GatewayError('internal', `No adapter for protocol ${provider.adapter}`);
  const signal = new AttemptSignal(input.cancellation, provider.timeouts.firstTokenMs, provider.timeouts.totalMs);
  return {
    attempt,
    adapter,
    signal,
    startedAt: input.now(),
    call: { endpoint: attempt.endpoint, signal: signal.signal, clientHeaders: input.clientHeaders },
    lostHedge: false,
  };
}

/** A successful first answer (or first token): recorded and fed to the endpoint's health. */
export function succeedAttempt(input: ExecuteInput, outcomes: AttemptOutcome[], running: RunningAttempt, at: number): void {
  const latencyMs = at - running.startedAt;
  outcomes.push({ attempt: running.attempt, status: 200, startedAt: running.startedAt, latencyMs });
  const { health } = input;
  if (!health) return;
  const stamp = (input.healthNow ?? input.now)();
  health.recordResult(running.attempt.endpoint.id, 'success', stamp);
  health.recordLatency(running.attempt.endpoint.id, latencyMs, stamp);
}

/**
 * Ends a failed attempt: records it, aborts what is left of its upstream call, feeds the
 * endpoint's health (only for the endpoint's own failures) and says what to do next.
 */
export function failAttempt(input: ExecuteInput, outcomes: AttemptOutcome[], running: RunningAttempt, caught: unknown): { error: GatewayError; verdict: ErrorClass } {
  const error = attemptError(caught, running.signal);
  const { attempt } = running;
  outcomes.push({ attempt, status: statusOf(error), startedAt: running.startedAt, latencyMs: input.now() - running.startedAt, error });
  running.signal.abort(error);
  if (running.lostHedge) return { error, verdict: 'fallback' };
  const verdict = classifyError(error);
  if (verdict === 'fallback') reportFailure(input, attempt, error);
  return { error, verdict };
}

/** An endpoint's own failure (not the client's): counted, Retry-After kept, auth problems logged. */
export function reportFailure(input: ExecuteInput, attempt: Attempt, error: GatewayError): void {
  if (error.kind === 'upstream_auth') {
    input.warn?.('An upstream rejected the gateway\'s credentials; check the provider\'s api_key and account', {
      provider: attempt.endpoint.provider.slug,
      endpoint: attempt.endpoint.id,
      status: error.upstreamStatus,
    });
  }
  if (!input.health) return;
  // A 429's Retry-After is about our request rate: the endpoint is skipped until then. An
  // overload answer's (503/529) is a hint; outage detection handles a provider that stays down.
  if (isRateLimit(error)) input.health.recordResult(attempt.endpoint.id, 'rate_limited', (input.healthNow ?? input.now)(), error.retryAfterSeconds);
  else input.health.recordResult(attempt.endpoint.id, 'failure', (input.healthNow ?? input.now)());
}

/** The abort reason wins: a timeout we fired is reported as the timeout, not as "aborted". */
export function attemptError(caught: unknown, signal: AttemptSignal): GatewayError {
  const reason: unknown = signal.signal.aborted ? signal.signal.reason : undefined;
  if (reason instanceof GatewayError) return reason;
  return toGatewayError(caught);
}

function statusOf(error: GatewayError): number | null {
  if (error.upstreamStatus !== undefined) return error.upstreamStatus;
  return error.kind === 'upstream_timeout' ? 408 : null;
}

/** After a context-length failure only endpoints with a larger context are worth trying. */
export class ContextFloor {
  tokens = 0;
  error: GatewayError | undefined;

  skips(attempt: Attempt): boolean {
    return attempt.endpoint.contextLength <= this.tokens;
  }

  raise(attempt: Attempt, error: GatewayError): void {
    this.tokens = Math.max(this.tokens, attempt.endpoint.contextLength);
    this.error = error;
  }
}

/**
 * The error when no attempt succeeded: the context-length error when that was the last word
 * (no larger endpoint left), else one naming every attempt; 429 only when all were rate-limited.
 */
export function allFailed(outcomes: AttemptOutcome[], contextFloor: ContextFloor): GatewayError {
  const errors = outcomes.map((outcome) => outcome.error).filter((error): error is GatewayError => error !== undefined);
  if (contextFloor.error && errors[errors.length - 1] === contextFloor.error) {
    const error = contextFloor.error;
    return new GatewayError('context_length_exceeded', error.message, { status: 400, metadata: { ...error.metadata, error_type: 'context_length_exceeded' } });
  }
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
