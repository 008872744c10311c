import type { ServerResponse } from 'node:http';
import { errorType } from '../api/shared/error-type.js';
import type { GatewayError } from '../spec/errors.js';
import { sendJson } from './exchange.js';

/** OpenRouter's error envelope (S:*ErrorResponse): `code` equals the HTTP status. */
export interface ErrorEnvelope {
  error: { code: number; message: string; metadata?: Record<string, unknown> };
  /** Router metadata (`X-OpenRouter-Metadata: enabled`) sits next to `error`, as OpenRouter puts it. */
  openrouter_metadata?: unknown;
}

/** The envelope for a GatewayError; internal errors are masked, never a stack trace. */
export function renderError(error: GatewayError): ErrorEnvelope {
  const { openrouter_metadata: routerMetadata, ...rest } = error.metadata ?? {};
  const metadata: Record<string, unknown> = { error_type: errorType(error), ...rest };
  const message = error.kind === 'internal' ? 'Internal server error' : error.message;
  const envelope: ErrorEnvelope = { error: { code: error.status, message, metadata } };
  if (routerMetadata !== undefined) envelope.openrouter_metadata = routerMetadata;
  return envelope;
}

/** A surface's own error status and body (Anthropic's shape on /messages); the request id is the generation id. */
export type ErrorRenderer = (error: GatewayError, requestId: string | undefined) => { status: number; body: unknown };

/** Writes the error response, with Retry-After when the error carries one. */
export function sendError(response: ServerResponse, error: GatewayError, render?: ErrorRenderer): void {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterSeconds));
  // A body the client may still be sending is not read: ask it to reconnect.
  if (error.kind === 'payload_too_large') headers.connection = 'close';
  const generationId = response.getHeader('x-generation-id');
  const rendered = render ? render(error, typeof generationId === 'string' ? generationId : undefined) : { status: error.status, body: renderError(error) };
  sendJson(response, rendered.status, rendered.body, headers);
}
