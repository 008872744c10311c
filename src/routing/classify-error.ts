import type { GatewayError } from '../spec/errors.js';

/**
 * What the executor does with a failed attempt:
 * - `client`: the client's own fault or wish (bad request, cancelled): stop, return it.
 * - `fallback`: the endpoint failed (429, 408, 5xx, timeout, connection, bad answer, its
 *   credentials rejected): try the next attempt.
 */
export type ErrorClass = 'client' | 'fallback';

export function classifyError(error: GatewayError): ErrorClass {
  switch (error.kind) {
    case 'cancelled':
    case 'bad_request':
      return 'client';
    case 'upstream_http': {
      const status = error.upstreamStatus ?? 502;
      if (status === 408 || status === 429 || status >= 500) return 'fallback';
      // 400/404/413/422: any endpoint of this request would answer the same.
      return 'client';
    }
    default:
      return 'fallback';
  }
}

/** A rate limit, for "all attempts were rate-limited → 429". */
export function isRateLimit(error: GatewayError): boolean {
  return error.kind === 'rate_limited' || (error.kind === 'upstream_http' && error.upstreamStatus === 429);
}
