import type { FastifyError } from 'fastify';
import { errorType } from '../api/shared/error-type.js';
import { GatewayError, isGatewayError } from '../spec/errors.js';

/** OpenRouter's error envelope (S:*ErrorResponse): `code` equals the HTTP status. */
export interface ErrorEnvelope {
  error: { code: number; message: string; metadata?: Record<string, unknown> };
}

/** The envelope for a GatewayError; 5xx internals are masked, never a stack trace. */
export function renderError(error: GatewayError): ErrorEnvelope {
  const metadata: Record<string, unknown> = { error_type: errorType(error), ...error.metadata };
  const message = error.kind === 'internal' ? 'Internal server error' : error.message;
  return { error: { code: error.status, message, metadata } };
}

/**
 * Maps framework errors (bad JSON, oversized body, wrong content type) and anything unexpected
 * to GatewayErrors, so the client always gets a clear 4xx or a masked 500.
 */
export function toHttpGatewayError(error: unknown, bodyLimitBytes: number): GatewayError {
  if (isGatewayError(error)) return error;
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('bad_request', 'Request body is not valid JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('payload_too_large', `Request body is larger than the limit of ${bodyLimitBytes} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('bad_request', 'Unsupported Content-Type: send application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new GatewayError('bad_request', 'Content-Length does not match the body');
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Fastify's own 4xx (e.g. a prototype-poisoned body): its message is safe to show.
    return new GatewayError('bad_request', fastifyError.message ?? 'Bad request', { status: fastifyError.statusCode });
  }
  if (error instanceof SyntaxError) return new GatewayError('bad_request', 'Request body is not valid JSON');
  return new GatewayError('internal', 'Internal server error', { cause: error });
}
