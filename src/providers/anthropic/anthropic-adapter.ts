import type { ChatRequest } from '../../spec/chat-request.js';
import type { ChatResult } from '../../spec/chat-result.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Provider } from '../../catalog/catalog-types.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { chatResultToStreamParts } from '../shared/chat-result-to-stream-parts.js';
import { parseEventStream } from '../shared/parse-event-stream.js';
import { postForText } from '../shared/post-for-text.js';
import { readResponseText, sendUpstreamRequest, upstreamErrorFromResponse } from '../shared/send-upstream-request.js';
import type { UpstreamHttpResponse } from '../shared/send-upstream-request.js';
import { readErrorDetails, upstreamHttpError } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { buildAnthropicHttpRequest } from './build-anthropic-http-request.js';
import { convertAnthropicStream } from './convert-anthropic-stream.js';
import { readAnthropicResponse } from './convert-anthropic-response.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/**
 * The adapter for Anthropic's Messages API (`adapter: anthropic`): chat requests to
 * `POST {base}/messages`, streamed or not. Legacy text requests are sent as their single
 * user turn. Error bodies (`{"type":"error","error":{"type","message"}}`) go through the
 * shared classification: 401/403 are the operator's key, 429 keeps Retry-After, 529
 * (overloaded) and 5xx are retryable, 400 is the client's.
 */
export class AnthropicAdapter implements ProviderAdapter {
  readonly protocol = 'anthropic';

  /** Sends the request without streaming and resolves with the whole answer. */
  async complete(request: ChatRequest, call: UpstreamCall): Promise<ChatResult> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider, call.signal);
    const body = convertToAnthropicRequest(request, call.endpoint, false);
    const answer = await postForText(provider, buildAnthropicHttpRequest(body, provider, call.clientHeaders, false), call.signal);
    if (answer.status < 200 || answer.status >= 300) throw upstreamHttpError(answer.status, answer.headers, readErrorDetails(answer.text), context);
    return readAnthropicResponse(answer.text, context);
  }

  /** Sends the request with `stream: true`; resolves once a 2xx arrived, with the answer's parts. */
  async stream(request: ChatRequest, call: UpstreamCall): Promise<AsyncIterable<StreamPart>> {
    const provider = call.endpoint.provider;
    const context = errorContext(provider, call.signal);
    const body = convertToAnthropicRequest(request, call.endpoint, true);
    const response = await sendUpstreamRequest(provider, buildAnthropicHttpRequest(body, provider, call.clientHeaders, true), call.signal);
    if (response.status < 200 || response.status >= 300) throw await upstreamErrorFromResponse(response, context);
    if (isJsonResponse(response)) {
      // A proxy that ignored `stream: true`, or an error object sent with a 200.
      return chatResultToStreamParts(readAnthropicResponse(await readResponseText(response, context), context));
    }
    return convertAnthropicStream(parseEventStream(response.body, context), context);
  }
}

/** The shared, stateless instance the adapter registry hands out. */
export const anthropicAdapter: ProviderAdapter = new AnthropicAdapter();

function errorContext(provider: Provider, signal: AbortSignal): UpstreamErrorContext & { signal: AbortSignal } {
  return { providerName: provider.name, apiKey: provider.apiKey, signal };
}

function isJsonResponse(response: UpstreamHttpResponse): boolean {
  const contentType = response.headers['content-type'];
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  return value !== undefined && value.toLowerCase().includes('application/json');
}
