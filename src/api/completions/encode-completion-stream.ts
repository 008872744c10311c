import type { GatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ResponseIdentity } from '../openai-chat/encode-chat-response.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { streamChunk, streamErrorBody, type StreamEncoder } from '../shared/stream-encoder.js';

/** Legacy `text_completion` chunks: only text travels on this surface. */
export class CompletionStreamEncoder implements StreamEncoder {
  private readonly identity: ResponseIdentity;

  constructor(identity: ResponseIdentity) {
    this.identity = identity;
  }

  encodePart(part: StreamPart): Record<string, unknown> | undefined {
    if (part.type !== 'text-delta') return undefined;
    return this.chunk(part.delta, null, null);
  }

  encodeFinish(finishReason: FinishReason | null, nativeFinishReason: string | null): Record<string, unknown> {
    return this.chunk('', finishReason, nativeFinishReason);
  }

  encodeUsage(usage: UsageBody): Record<string, unknown> {
    const chunk = streamChunk(this.identity, 'text_completion', []);
    chunk.usage = usage;
    return chunk;
  }

  encodeError(error: GatewayError): Record<string, unknown> {
    const chunk = streamChunk(this.identity, 'text_completion', [{ index: 0, text: '', finish_reason: 'error', native_finish_reason: null, logprobs: null }]);
    chunk.error = streamErrorBody(error);
    return chunk;
  }

  private chunk(text: string, finishReason: FinishReason | null, nativeFinishReason: string | null): Record<string, unknown> {
    return streamChunk(this.identity, 'text_completion', [{ index: 0, text, finish_reason: finishReason, native_finish_reason: nativeFinishReason, logprobs: null }]);
  }
}
