/**
 * Live health of each endpoint, from the router's own attempts: what the planner reads to
 * balance load, demote failing endpoints and honour Retry-After. Behind an interface so a
 * shared store (Redis, for several gateway processes) can back it later; the in-memory one is
 * endpoint-health-memory.ts.
 */

/** How an attempt ended, as far as the endpoint's health is concerned. */
export type AttemptResult = 'success' | 'failure' | 'rate_limited';

/** Percentiles the request's preferences can name. */
export type Percentile = 'p50' | 'p75' | 'p90' | 'p99';

/** One endpoint's state, read by the planner (no allocation per read). */
export interface EndpointHealthState {
  /** A significant failure rate in the last 30 s and no successful trial since. */
  inOutage(now: number): boolean;
  /** Unix ms before which the endpoint asked not to be called (Retry-After); 0 when none. */
  readonly coolingUntil: number;
  /** Unix ms of the last failure; 0 when none. */
  readonly lastFailureAt: number;
  /** Time to first token in ms at a percentile over the recent window; undefined without data. */
  latencyMs(percentile: Percentile, now: number): number | undefined;
  /** Output tokens per second at a percentile over the recent window; undefined without data. */
  throughput(percentile: Percentile, now: number): number | undefined;
}

export interface EndpointHealth {
  /** The endpoint's state, or undefined when it has seen no traffic (healthy by default). */
  state(endpointId: string): EndpointHealthState | undefined;
  /**
   * An endpoint in outage gets one trial request now and then: true (and the trial is taken)
   * when this request may be that trial.
   */
  claimTrial(endpointId: string, now: number): boolean;
  /** An attempt ended; `retryAfterSeconds` from a 429/503 keeps the endpoint out until then. */
  recordResult(endpointId: string, result: AttemptResult, at: number, retryAfterSeconds?: number): void;
  /** Time to first token (or to the whole answer when not streamed) of a successful attempt. */
  recordLatency(endpointId: string, milliseconds: number, at: number): void;
  /** Output tokens per second of a finished answer. */
  recordThroughput(endpointId: string, tokensPerSecond: number, at: number): void;
}

/** When an endpoint counts as "recently failing" (demoted among fallbacks). */
export const RECENT_FAILURE_MS = 30_000;
