import { decodeCompletionRequest } from '../../api/completions/decode-completion-request.js';
import { encodeCompletionResponse } from '../../api/completions/encode-completion-response.js';
import { CompletionStreamEncoder } from '../../api/completions/encode-completion-stream.js';
import { decodeChatRequest } from '../../api/openai-chat/decode-chat-request.js';
import { encodeChatResponse } from '../../api/openai-chat/encode-chat-response.js';
import { ChatStreamEncoder } from '../../api/openai-chat/encode-chat-stream.js';
import type { AddRoute } from '../create-app.js';
import type { GatewayContext } from '../gateway-context.js';
import { handleInference } from '../inference/handle-inference.js';
import type { InferenceSurface } from '../inference/inference-surface.js';

const chatSurface: InferenceSurface = {
  apiType: 'chat',
  decode: decodeChatRequest,
  encodeResponse: encodeChatResponse,
  createStreamEncoder: (identity) => new ChatStreamEncoder(identity),
};

const completionSurface: InferenceSurface = {
  apiType: 'completions',
  decode: decodeCompletionRequest,
  encodeResponse: encodeCompletionResponse,
  createStreamEncoder: (identity) => new CompletionStreamEncoder(identity),
};

/** `POST /api/v1/chat/completions` and the legacy `POST /api/v1/completions`. */
export function registerInferenceRoutes(addRoute: AddRoute, context: GatewayContext): void {
  addRoute('POST', '/api/v1/chat/completions', (exchange) => handleInference(context, chatSurface, exchange));
  addRoute('POST', '/api/v1/completions', (exchange) => handleInference(context, completionSurface, exchange));
}
