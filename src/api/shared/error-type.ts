import type { GatewayError } from '../../spec/errors.js';

/** OpenRouter's typed `error_type` (stable across API formats) for a GatewayError. */
export function errorType(error: GatewayError): string {
  switch (error.kind) {
    case 'bad_request': return 'invalid_request';
    case 'unauthorized': return 'authentication';
    case 'payment_required': return 'payment_required';
    case 'forbidden': return 'permission_denied';
    case 'not_found':
    case 'no_endpoints': return 'not_found';
    case 'payload_too_large': return 'payload_too_large';
    case 'rate_limited': return 'rate_limit_exceeded';
    case 'context_length_exceeded': return 'context_length_exceeded';
    case 'upstream_timeout': return 'timeout';
    case 'upstream_http':
      if (error.upstreamStatus === 429) return 'rate_limit_exceeded';
      if (error.upstreamStatus === 503 || error.upstreamStatus === 529) return 'provider_overloaded';
      return 'provider_unavailable';
    case 'upstream_auth':
    case 'upstream_connection':
    case 'upstream_invalid_response':
    case 'all_attempts_failed': return 'provider_unavailable';
    case 'cancelled': return 'unmapped';
    case 'unavailable':
    case 'internal': return 'server';
  }
}
