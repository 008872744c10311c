import type { DecodedRequest } from '../../api/openai-chat/decode-chat-request.js';
import type { ResponseIdentity } from '../../api/openai-chat/encode-chat-response.js';
import type { UsageBody } from '../../api/shared/encode-usage.js';
import type { StreamEncoder } from '../../api/shared/stream-encoder.js';
import type { ChatResult } from '../../spec/chat-result.js';

/** One inbound inference surface (chat completions, legacy completions): its codec. */
export interface InferenceSurface {
  apiType: 'chat' | 'completions';
  decode(body: unknown): DecodedRequest;
  encodeResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody): Record<string, unknown>;
  createStreamEncoder(identity: ResponseIdentity): StreamEncoder;
}
