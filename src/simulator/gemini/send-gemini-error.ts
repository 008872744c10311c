import type { ServerResponse } from 'node:http';

/**
 * Google's error bodies (https://ai.google.dev/gemini-api/docs/troubleshooting):
 * `{"error":{"code","message","status"}}`, with a RetryInfo detail on 429 the way the Gemini
 * API reports quota waits, so the adapter is exercised against the real shapes.
 */

const TEMPLATES: Record<number, { status: string; message: string }> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  500: { status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
};

/** The body Google sends with an error status. */
export function geminiErrorBody(status: number, message?: string, retryAfterSeconds?: number): { error: Record<string, unknown> } {
  const template = TEMPLATES[status] ?? { status: status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION', message: `Simulated error ${status}.` };
  const error: Record<string, unknown> = { code: status, message: message ?? template.message, status: template.status };
  if (status === 429 && retryAfterSeconds !== undefined) error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }];
  return { error };
}

/** A wrong or missing key: Google answers 400 INVALID_ARGUMENT with reason API_KEY_INVALID, not 401. */
export function geminiInvalidKeyBody(): { error: Record<string, unknown> } {
  return {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
    },
  };
}

/** Answers with a Google error body (the key failure is the 400 above, whatever status was asked). */
export function sendGeminiError(response: ServerResponse, status: number, message: string | undefined, retryAfterSeconds: number): void {
  if (response.headersSent || response.destroyed) return;
  const body = status === 401 ? geminiInvalidKeyBody() : geminiErrorBody(status, message, retryAfterSeconds);
  response.writeHead(status === 401 ? 400 : status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify(body));
}
