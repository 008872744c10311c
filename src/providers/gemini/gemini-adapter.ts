import type { ChatRequest } from '../../spec/chat-request.js';
import type { GatewayError } from '../../spec/errors.js';
import type { ChatResult } from '../../spec/chat-result.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Provider } from '../../catalog/catalog-types.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { classifyTransportError } from '../shared/classify-transport-error.js';
import { parseEventStream } from '../shared/parse-event-stream.js';
import { postForText } from '../shared/post-for-text.js';
import { readBoundedText, sendUpstreamRequest } from '../shared/send-upstream-request.js';
import type { UpstreamHttpResponse } from '../shared/send-upstream-request.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { buildGeminiHttpRequest } from './build-gemini-http-request.js';
import { readGeminiResponse } from './convert-gemini-response.js';
import { convertGeminiStream } from './convert-gemini-stream.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { geminiHttpError } from './gemini-upstream-error.js';

/** Error bodies past this are cut: only their start says what went wrong. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The adapter for Google's Gemini API (Google AI Studio, v1beta): `:generateContent` for
 * whole answers, `:streamGenerateContent?alt=sse` for streams, key in `x-goog-api-key`.
 * Legacy text requests go through their single user message like chat.
 */
export class GeminiAdapter implements ProviderAdapter {
  readonly protocol = 'gemini';

  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatResult> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider);
    const body = convertToGeminiRequest(request);
    const answer = await postForText(provider, buildGeminiHttpRequest(body, provider, call.endpoint.upstreamModel, false), call.signal);
    if (answer.status < 200 || answer.status >= 300) throw geminiHttpError(answer.status, answer.headers, answer.text, context);
    return readGeminiResponse(answer.text, context);
  }

  async stream(request: ChatRequest, call: UpstreamCall): Promise<AsyncIterable<StreamPart>> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider);
    const body = convertToGeminiRequest(request);
    const response = await sendUpstreamRequest(provider, buildGeminiHttpRequest(body, provider, call.endpoint.upstreamModel, true), call.signal);
    if (response.status < 200 || response.status >= 300) throw await errorFromResponse(response, context, call.signal);
    return convertGeminiStream(parseEventStream(response.body, { providerName: provider.name, signal: call.signal }), context);
  }
}

/** The shared, stateless instance the adapter registry hands out. */
export const geminiAdapter: ProviderAdapter = new GeminiAdapter();

function errorContext(provider: Provider): UpstreamErrorContext {
  return { providerName: provider.name, apiKey: provider.apiKey };
}

/** Reads a bounded part of an error body; an abort while reading wins over the status. */
async function errorFromResponse(response: UpstreamHttpResponse, context: UpstreamErrorContext, signal: AbortSignal): Promise<GatewayError> {
  const text = await readBoundedText(response.body, ERROR_BODY_LIMIT);
  if (signal.aborted) return classifyTransportError(undefined, { providerName: context.providerName, signal });
  return geminiHttpError(response.status, response.headers, text, context);
}
