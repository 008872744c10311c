/**
 * Errors are values with a kind. Every failure inside the gateway is a GatewayError; one
 * handler in http/ renders it as OpenRouter's envelope `{"error":{"code","message","metadata"}}`
 * with `code` equal to the HTTP status.
 */

export type ErrorKind =
  /** The client's request is malformed or asks for something impossible. */
  | 'bad_request'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'rate_limited'
  /** No endpoint can serve the request (filters removed them all). */
  | 'no_endpoints'
  /** The prompt plus max_tokens do not fit an endpoint's context. */
  | 'context_length_exceeded'
  /** The upstream answered with an HTTP error status (see `upstreamStatus`). */
  | 'upstream_http'
  /** The upstream rejected our credentials (401/403/402): the operator's misconfiguration. */
  | 'upstream_auth'
  /** Could not connect, or the connection broke. */
  | 'upstream_connection'
  /** Time to first byte/token, idle or total timeout. */
  | 'upstream_timeout'
  /** The upstream's answer did not parse as its protocol says. */
  | 'upstream_invalid_response'
  /** Every attempt failed; `metadata.attempts` names each. */
  | 'all_attempts_failed'
  /** The client went away. */
  | 'cancelled'
  /** A service the gateway needs for this request (shared budgets in Redis) is down: retry later. */
  | 'unavailable'
  | 'internal';

export interface GatewayErrorInit {
  status?: number;
  metadata?: Record<string, unknown>;
  /** The upstream's HTTP status, when the error came from one. */
  upstreamStatus?: number;
  /** Seconds the upstream (or our limiter) asked the client to wait. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

const DEFAULT_STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  no_endpoints: 404,
  context_length_exceeded: 400,
  upstream_http: 502,
  upstream_auth: 502,
  upstream_connection: 502,
  upstream_timeout: 408,
  upstream_invalid_response: 502,
  all_attempts_failed: 502,
  cancelled: 499,
  unavailable: 503,
  internal: 500,
};

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  readonly status: number;
  readonly metadata: Record<string, unknown> | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, message: string, init: GatewayErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.status = init.status ?? DEFAULT_STATUS[kind];
    this.metadata = init.metadata;
    this.upstreamStatus = init.upstreamStatus;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** Wraps anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(value: unknown): GatewayError {
  if (value instanceof GatewayError) return value;
  return new GatewayError('internal', 'Internal error', { cause: value });
}
