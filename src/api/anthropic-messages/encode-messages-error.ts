import type { GatewayError } from '../../spec/errors.js';

/** Anthropic's error types (docs: "Errors", HTTP errors). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** The Anthropic error type for a GatewayError, by its kind (and the upstream's status). */
export function anthropicErrorType(error: GatewayError): AnthropicErrorType {
  switch (error.kind) {
    case 'bad_request':
    case 'context_length_exceeded': return 'invalid_request_error';
    case 'unauthorized': return 'authentication_error';
    case 'payment_required': return 'billing_error';
    case 'forbidden': return 'permission_error';
    case 'not_found':
    case 'no_endpoints': return 'not_found_error';
    case 'payload_too_large': return 'request_too_large';
    case 'rate_limited': return 'rate_limit_error';
    case 'upstream_http':
      if (error.upstreamStatus === 429) return 'rate_limit_error';
      if (error.upstreamStatus === 503 || error.upstreamStatus === 529) return 'overloaded_error';
      return 'api_error';
    default: return 'api_error';
  }
}

/**
 * `{"type":"error","error":{"type","message"},"request_id"}` as Anthropic answers; the request
 * id is our generation id. Internal errors are masked, never a stack trace.
 */
export function encodeMessagesError(error: GatewayError, requestId?: string): Record<string, unknown> {
  const message = error.kind === 'internal' ? 'Internal server error' : error.message;
  const body: Record<string, unknown> = { type: 'error', error: { type: anthropicErrorType(error), message } };
  if (requestId !== undefined) body.request_id = requestId;
  return body;
}
