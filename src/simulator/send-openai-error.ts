import type { ServerResponse } from 'node:http';

interface ErrorTemplate {
  message: string;
  type: string;
  code: string | null;
}

// Messages and types as OpenAI sends them, so adapters are tested against the real shapes.
const TEMPLATES: Record<number, ErrorTemplate> = {
  400: { message: 'Invalid request.', type: 'invalid_request_error', code: null },
  401: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { message: 'You are not allowed to access this resource.', type: 'invalid_request_error', code: 'forbidden' },
  404: { message: 'The requested resource does not exist.', type: 'invalid_request_error', code: null },
  408: { message: 'Request timed out.', type: 'server_error', code: 'timeout' },
  429: {
    message: 'Rate limit reached for requests per min (RPM). Please try again later.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  502: { message: 'Bad gateway.', type: 'server_error', code: null },
  503: { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', code: null },
  504: { message: 'Gateway timeout.', type: 'server_error', code: null },
};

/** What may differ from the status's standard OpenAI error body. */
export interface OpenAIErrorDetails {
  message?: string;
  param?: string | null;
  code?: string | null;
  headers?: Record<string, string>;
}

/** The body OpenAI sends with an error status: `{"error":{message,type,param,code}}`. */
export function openAIErrorBody(status: number, details: OpenAIErrorDetails = {}): { error: Record<string, unknown> } {
  const template = TEMPLATES[status] ?? {
    message: `Simulated error ${status}.`,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  };
  return {
    error: {
      message: details.message ?? template.message,
      type: template.type,
      param: details.param ?? null,
      code: details.code === undefined ? template.code : details.code,
    },
  };
}

/** Answers with an OpenAI-style error; a 429 carries `Retry-After`. */
export function sendOpenAIError(
  response: ServerResponse,
  status: number,
  details: OpenAIErrorDetails = {},
  retryAfterSeconds = 1,
): void {
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...details.headers };
  if (status === 429) headers['retry-after'] = String(retryAfterSeconds);
  response.writeHead(status, headers);
  response.end(JSON.stringify(openAIErrorBody(status, details)));
}
