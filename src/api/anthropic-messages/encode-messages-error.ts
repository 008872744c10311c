import type { GatewayError } from '../../spec/errors.js';

/** Anthropic's error types, as OpenRouter's /messages lists them (S:AnthropicMessagesErrorResponse). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'timeout_error'
  | 'api_error'
  | 'overloaded_error';

/** The Anthropic error type for a GatewayError, by its kind (and the upstream's status). */
export function anthropicErrorType(error: GatewayError): AnthropicErrorType {
  switch (error.kind) {
    // Anthropic answers 413 with request_too_large, a type OpenRouter's list lacks; its docs
    // allow invalid_request_error "for other 4XX status codes".
    case 'bad_request':
    case 'context_length_exceeded':
    case 'payload_too_large': return 'invalid_request_error';
    case 'unauthorized': return 'authentication_error';
    case 'payment_required': return 'billing_error';
    case 'forbidden': return 'permission_error';
    case 'not_found':
    case 'no_endpoints': return 'not_found_error';
    case 'rate_limited': return 'rate_limit_error';
    case 'upstream_timeout': return 'timeout_error';
    case 'upstream_http':
      if (error.upstreamStatus === 429) return 'rate_limit_error';
      return isOverloadStatus(error.upstreamStatus) ? 'overloaded_error' : 'api_error';
    case 'all_attempts_failed':
      return everyAttemptOverloaded(error) ? 'overloaded_error' : 'api_error';
    default: return 'api_error';
  }
}

function isOverloadStatus(status: unknown): boolean {
  return status === 503 || status === 529;
}

/** Every provider said it was overloaded: Anthropic clients back off on overloaded_error. */
function everyAttemptOverloaded(error: GatewayError): boolean {
  const attempts = error.metadata?.attempts;
  return Array.isArray(attempts) && attempts.length > 0 && attempts.every((attempt: unknown) => isOverloadStatus((attempt as { status?: unknown } | null)?.status));
}

/**
 * The status and body of an error on this surface. An overload answers 529, as Anthropic and
 * OpenRouter's /messages do ("Provider is temporarily overloaded"); others keep their status.
 */
export function renderMessagesError(error: GatewayError, requestId: string | undefined): { status: number; body: Record<string, unknown> } {
  const body = encodeMessagesError(error, requestId);
  const overloaded = anthropicErrorType(error) === 'overloaded_error';
  return { status: overloaded ? 529 : error.status, body };
}

/**
 * `{"type":"error","error":{"type","message"},"request_id"}` as Anthropic (and OpenRouter's
 * /messages, S:AnthropicMessagesErrorResponse) answer; the request id is our generation id.
 * Internal errors are masked, never a stack trace.
 */
export function encodeMessagesError(error: GatewayError, requestId?: string): Record<string, unknown> {
  const message = error.kind === 'internal' ? 'Internal server error' : error.message;
  return { type: 'error', error: { type: anthropicErrorType(error), message }, request_id: requestId ?? null };
}
