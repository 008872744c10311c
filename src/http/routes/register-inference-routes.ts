import type { IncomingHttpHeaders } from 'node:http';
import { decodeMessagesRequest } from '../../api/anthropic-messages/decode-messages-request.js';
import { renderMessagesError } from '../../api/anthropic-messages/encode-messages-error.js';
import { encodeMessagesResponse } from '../../api/anthropic-messages/encode-messages-response.js';
import { MESSAGES_KEEPALIVE, MessagesStreamWriter } from '../../api/anthropic-messages/encode-messages-stream.js';
import { decodeCompletionRequest } from '../../api/completions/decode-completion-request.js';
import { encodeCompletionResponse } from '../../api/completions/encode-completion-response.js';
import { CompletionStreamEncoder } from '../../api/completions/encode-completion-stream.js';
import { decodeChatRequest } from '../../api/openai-chat/decode-chat-request.js';
import { encodeChatResponse } from '../../api/openai-chat/encode-chat-response.js';
import { ChatStreamEncoder } from '../../api/openai-chat/encode-chat-stream.js';
import { DATA_EVENT_KEEPALIVE, dataEventStreamWriter } from '../../api/shared/stream-writer.js';
import type { AddRoute } from '../create-app.js';
import type { GatewayContext } from '../gateway-context.js';
import { handleInference } from '../inference/handle-inference.js';
import type { InferenceSurface } from '../inference/inference-surface.js';

const chatSurface: InferenceSurface = {
  apiType: 'chat',
  decode: decodeChatRequest,
  encodeResponse: encodeChatResponse,
  createStreamWriter: (identity) => dataEventStreamWriter(new ChatStreamEncoder(identity)),
  streamKeepalive: DATA_EVENT_KEEPALIVE,
};

const completionSurface: InferenceSurface = {
  apiType: 'completions',
  decode: decodeCompletionRequest,
  encodeResponse: (identity, result, usage, routerMetadata) => responseText(encodeCompletionResponse(identity, result, usage), routerMetadata),
  createStreamWriter: (identity) => dataEventStreamWriter(new CompletionStreamEncoder(identity)),
  streamKeepalive: DATA_EVENT_KEEPALIVE,
};

const messagesSurface: InferenceSurface = {
  apiType: 'messages',
  decode: decodeMessagesRequest,
  encodeResponse: (identity, result, usage, routerMetadata) => responseText(encodeMessagesResponse(identity, result, usage), routerMetadata),
  createStreamWriter: (identity) => new MessagesStreamWriter(identity),
  streamKeepalive: MESSAGES_KEEPALIVE,
  renderError: renderMessagesError,
  authorization: anthropicAuthorization,
};

/** A surface's answer object as JSON text, `openrouter_metadata` last when the client asked for it. */
function responseText(body: Record<string, unknown>, routerMetadata: unknown): string {
  return JSON.stringify(routerMetadata === undefined ? body : { ...body, openrouter_metadata: routerMetadata });
}

/**
 * Anthropic's SDKs send the key as `x-api-key`; `Authorization: Bearer` works too (and wins
 * when both are sent).
 */
function anthropicAuthorization(headers: IncomingHttpHeaders): string | undefined {
  if (headers.authorization) return headers.authorization;
  const key = headers['x-api-key'];
  const text = Array.isArray(key) ? key[0] : key;
  return text ? `Bearer ${text.trim()}` : undefined;
}

/** `POST /api/v1/chat/completions`, the legacy `POST /api/v1/completions`, and Anthropic's `POST /api/v1/messages`. */
export function registerInferenceRoutes(addRoute: AddRoute, context: GatewayContext): void {
  addRoute('POST', '/api/v1/chat/completions', (exchange) => handleInference(context, chatSurface, exchange));
  addRoute('POST', '/api/v1/completions', (exchange) => handleInference(context, completionSurface, exchange));
  addRoute('POST', '/api/v1/messages', (exchange) => handleInference(context, messagesSurface, exchange), messagesSurface.renderError);
}
