import type { GatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { streamChunk, streamErrorBody, type StreamEncoder } from '../shared/stream-encoder.js';
import type { ResponseIdentity } from './encode-chat-response.js';

/** A placeholder no identity field can contain (ids, model and provider names are printable). */
const TEXT_MARK = '\u0000text\u0000';
const TEXT_MARK_JSON = JSON.stringify(TEXT_MARK);

/** Chat completion chunks (S:ChatStreamChunk); the first content chunk carries the role. */
export class ChatStreamEncoder implements StreamEncoder {
  private readonly identity: ResponseIdentity;
  private roleSent = false;
  private readonly startedToolCalls = new Set<number>();
  /** The JSON of a text-delta chunk before and after its text (see encodeTextDeltaJson). */
  private textFrame: [string, string] | undefined;

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

  /**
   * A text delta's chunk as JSON text: the chunk around the text is the same for every token
   * of the stream, so it is serialised once and only the text is stringified per token.
   */
  encodeTextDeltaJson(text: string): string | undefined {
    if (!this.roleSent) return undefined;
    if (this.textFrame === undefined) {
      const json = JSON.stringify(this.chunk({ content: TEXT_MARK }, null, null));
      const at = json.lastIndexOf(TEXT_MARK_JSON);
      this.textFrame = [json.slice(0, at), json.slice(at + TEXT_MARK_JSON.length)];
    }
    return this.textFrame[0] + JSON.stringify(text) + this.textFrame[1];
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
