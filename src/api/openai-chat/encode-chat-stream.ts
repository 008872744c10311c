import type { GatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { streamChunk, streamErrorBody, type StreamEncoder } from '../shared/stream-encoder.js';
import type { ResponseIdentity } from './encode-chat-response.js';

/** Chat completion chunks (S:ChatStreamChunk); the first content chunk carries the role. */
export class ChatStreamEncoder implements StreamEncoder {
  private readonly identity: ResponseIdentity;
  private roleSent = false;
  private readonly startedToolCalls = new Set<number>();

  constructor(identity: ResponseIdentity) {
    this.identity = identity;
  }

  encodePart(part: StreamPart): Record<string, unknown> | undefined {
    let delta: Record<string, unknown>;
    switch (part.type) {
      case 'text-delta':
        delta = { content: part.delta };
        break;
      case 'reasoning-delta':
        delta = { content: null, reasoning: part.delta };
        break;
      case 'reasoning-details':
        delta = { content: null, reasoning_details: part.details };
        break;
      case 'refusal-delta':
        delta = { content: null, refusal: part.delta };
        break;
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: part.index };
        const fn: Record<string, unknown> = { arguments: part.argumentsDelta };
        if (!this.startedToolCalls.has(part.index)) {
          this.startedToolCalls.add(part.index);
          call.type = 'function';
        }
        if (part.id !== undefined) call.id = part.id;
        if (part.name !== undefined) fn.name = part.name;
        call.function = fn;
        delta = { content: null, tool_calls: [call] };
        break;
      }
      default:
        return undefined;
    }
    if (!this.roleSent) {
      this.roleSent = true;
      delta = { role: 'assistant', ...delta };
    }
    return this.chunk(delta, null, null);
  }

  encodeFinish(finishReason: FinishReason | null, nativeFinishReason: string | null): Record<string, unknown> {
    const delta: Record<string, unknown> = this.roleSent ? {} : { role: 'assistant', content: '' };
    this.roleSent = true;
    return this.chunk(delta, finishReason, nativeFinishReason);
  }

  encodeUsage(usage: UsageBody): Record<string, unknown> {
    const chunk = streamChunk(this.identity, 'chat.completion.chunk', []);
    chunk.usage = usage;
    return chunk;
  }

  encodeError(error: GatewayError): Record<string, unknown> {
    const chunk = streamChunk(this.identity, 'chat.completion.chunk', [{ index: 0, delta: { content: '' }, finish_reason: 'error', native_finish_reason: null, logprobs: null }]);
    chunk.error = streamErrorBody(error);
    return chunk;
  }

  private chunk(delta: Record<string, unknown>, finishReason: FinishReason | null, nativeFinishReason: string | null): Record<string, unknown> {
    return streamChunk(this.identity, 'chat.completion.chunk', [{ index: 0, delta, finish_reason: finishReason, native_finish_reason: nativeFinishReason, logprobs: null }]);
  }
}
