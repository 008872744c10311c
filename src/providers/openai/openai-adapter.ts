import type { ChatRequest } from '../../spec/chat-request.js';
import type { ChatResult } from '../../spec/chat-result.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Provider } from '../../catalog/catalog-types.js';
import type { CallSignal, ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { chatResultToStreamParts } from '../shared/chat-result-to-stream-parts.js';
import { sendEventStreamRequest, upstreamErrorOf, type UpstreamEventResponse } from '../shared/stream-upstream-events.js';
import { postForText } from '../shared/post-for-text.js';
import { readErrorDetails, upstreamHttpError } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { buildOpenAIHttpRequest } from './build-openai-http-request.js';
import { convertOpenAIStream } from './convert-openai-stream.js';
import { readOpenAIResponse } from './convert-openai-response.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';

/**
 * The adapter for every OpenAI-compatible upstream (OpenAI, vLLM, llama.cpp, Ollama, Groq,
 * Together, DeepInfra, OpenRouter…): chat requests to `/chat/completions`, legacy text
 * requests to `/completions`. Upstream differences are configuration (`provider.openai`).
 */
export class OpenAIAdapter implements ProviderAdapter {
  readonly protocol = 'openai';

  /** Sends the request without streaming and resolves with the whole answer. */
  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatResult> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider, call.signal);
    const plan = convertToOpenAIRequest(request, call.endpoint, false);
    const answer = await postForText(provider, buildOpenAIHttpRequest(plan, provider, false), call.signal);
    if (answer.status < 200 || answer.status >= 300) throw upstreamHttpError(answer.status, answer.headers, readErrorDetails(answer.text), context);
    return readOpenAIResponse(answer.text, request.kind, context);
  }

  /** Sends the request with `stream: true`; resolves once a 2xx arrived, with the answer's parts. */
  async stream(request: ChatRequest, call: UpstreamCall): Promise<AsyncIterable<StreamPart>> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider, call.signal);
    const plan = convertToOpenAIRequest(request, call.endpoint, true);
    const response = await sendEventStreamRequest(provider, buildOpenAIHttpRequest(plan, provider, true), call.signal);
    if (!isSuccess(response)) throw await upstreamErrorOf(response, context);
    if (isJsonResponse(response)) {
      // The server ignored `stream: true` or reported an error as a 200 JSON body.
      const result = readOpenAIResponse(await response.text(), request.kind, context);
      return chatResultToStreamParts(result);
    }
    return convertOpenAIStream(response.events, context);
  }
}

/** The shared, stateless instance the adapter registry hands out. */
export const openAIAdapter: ProviderAdapter = new OpenAIAdapter();

function errorContext(provider: Provider, signal: CallSignal): UpstreamErrorContext & { signal: CallSignal } {
  return { providerName: provider.name, apiKey: provider.apiKey, signal };
}

function isSuccess(response: UpstreamEventResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function isJsonResponse(response: UpstreamEventResponse): boolean {
  const contentType = response.headers['content-type'];
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value !== undefined && value.toLowerCase().includes('application/json');
}
