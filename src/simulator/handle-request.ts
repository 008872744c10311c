import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAnthropicRequest } from './anthropic/handle-anthropic-request.js';
import { handleCompletionRequest } from './handle-completion-request.js';
import { handleGeminiRequest, matchGeminiRoute } from './gemini/handle-gemini-request.js';
import { parseBodyText, readRequestBody } from './read-request-body.js';
import { sendOpenAIError } from './send-openai-error.js';
import { recordRequest, type SimulatorContext } from './simulator-context.js';

// A fixed date keeps /v1/models stable between runs.
const MODEL_CREATED = 1_735_689_600;

/** Routes one HTTP request of the simulated API (OpenAI-compatible, Anthropic's `/v1/messages`, Gemini's `/v1beta/models/*:generateContent`) and records it. */
export async function handleRequest(context: SimulatorContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
  const method = request.method ?? 'GET';
  let text: string | null;
  try {
    text = await readRequestBody(request);
  } catch {
    sendOpenAIError(response, 413, { message: 'Request body too large.' });
    return;
  }
  const body = parseBodyText(text);
  context.stats.requests += 1;
  recordRequest(context, { method, path, headers: flattenHeaders(request), body: body.value, receivedAt: Date.now() });

  const geminiRoute = method === 'POST' ? matchGeminiRoute(path) : null;
  if (geminiRoute !== null) {
    handleGeminiRequest(context, geminiRoute, request, response, body);
    return;
  }
  if (method === 'POST' && (path === '/v1/chat/completions' || path === '/v1/completions')) {
    if (text !== null && !body.isJson) {
      sendOpenAIError(response, 400, { message: 'We could not parse the JSON body of your request.' });
      return;
    }
    handleCompletionRequest(context, path === '/v1/chat/completions' ? 'chat' : 'legacy', request, response, body.value);
    return;
  }
  if (method === 'POST' && path === '/v1/messages') {
    handleAnthropicRequest(context, request, response, body.value, body.isJson);
    return;
  }
  if (method === 'GET' && path === '/v1/models') {
    sendJson(response, { object: 'list', data: (context.options.models ?? []).map((id) => modelObject(context, id)) });
    return;
  }
  if (method === 'GET' && path.startsWith('/v1/models/')) {
    const id = decodeURIComponent(path.slice('/v1/models/'.length));
    if ((context.options.models ?? []).includes(id)) sendJson(response, modelObject(context, id));
    else sendOpenAIError(response, 404, { message: `The model '${id}' does not exist`, code: 'model_not_found' });
    return;
  }
  sendOpenAIError(response, 404, { message: `Invalid URL (${method} ${path})` });
}

function modelObject(context: SimulatorContext, id: string): object {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: context.name };
}

function sendJson(response: ServerResponse, payload: object): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(payload));
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
