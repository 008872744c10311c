import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessWire } from '../check-request-access.js';
import type { SimulatorContext } from '../simulator-context.js';

/** Error type and message per status, as Anthropic sends them (https://docs.anthropic.com/en/api/errors). */
const TEMPLATES: Readonly<Record<number, { type: string; message: string }>> = {
  400: { type: 'invalid_request_error', message: 'Invalid request.' },
  401: { type: 'authentication_error', message: 'invalid x-api-key' },
  402: { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API.' },
  403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
  404: { type: 'not_found_error', message: 'Not found.' },
  413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
  429: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' },
  500: { type: 'api_error', message: 'Internal server error' },
  503: { type: 'overloaded_error', message: 'Overloaded' },
  504: { type: 'timeout_error', message: 'Request timed out.' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
};

let requestCounter = 0;

/** `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicErrorBody(status: number, message?: string): { type: 'error'; error: { type: string; message: string }; request_id: string } {
  const template = TEMPLATES[status] ?? { type: status >= 500 ? 'api_error' : 'invalid_request_error', message: `Simulated error ${status}.` };
  requestCounter += 1;
  return { type: 'error', error: { type: template.type, message: message ?? template.message }, request_id: `req_sim${requestCounter.toString(36).padStart(8, '0')}` };
}

/** Answers with Anthropic's error body; 429 and 529 carry `retry-after`, as the API sends. */
export function sendAnthropicError(response: ServerResponse, status: number, message?: string, retryAfterSeconds = 1): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 429 || status === 529) headers['retry-after'] = String(retryAfterSeconds);
  response.writeHead(status, headers);
  response.end(JSON.stringify(anthropicErrorBody(status, message)));
}

/**
 * The Messages API takes the key in `x-api-key` (the documented header, what the gateway
 * sends) or as `Authorization: Bearer` (what the official SDK sends since 1.x), whatever the
 * simulator's OpenAI side is configured with.
 */
export const ANTHROPIC_ACCESS: AccessWire = {
  hasValidKey: (context: SimulatorContext, request: IncomingMessage) => {
    const expected = context.options.apiKey;
    if (expected === undefined) return true;
    return firstHeader(request, 'x-api-key') === expected || firstHeader(request, 'authorization') === `Bearer ${expected}`;
  },
  sendError: sendAnthropicError,
};

function firstHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
