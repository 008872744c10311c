import type { GatewayError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ResponseIdentity } from '../openai-chat/encode-chat-response.js';
import type { UsageBody } from '../shared/encode-usage.js';
import type { StreamEnd, StreamWriter } from '../shared/stream-writer.js';
import { encodeMessagesError } from './encode-messages-error.js';
import { EMPTY_MESSAGES_USAGE, encodeMessagesUsage } from './encode-messages-usage.js';
import { messageId, toolUseStart } from './encode-messages-response.js';
import { mapStopReason } from './map-stop-reason.js';

/** One named SSE event, as Anthropic frames them (`event:` then `data:`). */
export function namedEvent(name: string, value: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;
}

/** Anthropic's keep-alive while the upstream thinks: a `ping` event, which its SDKs skip. */
export const MESSAGES_KEEPALIVE = namedEvent('ping', { type: 'ping' });

type OpenBlock = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool_use'; toolIndex: number };

/**
 * Typed stream parts → Anthropic's event sequence: message_start, then per content block
 * content_block_start / content_block_delta… / content_block_stop, then message_delta
 * (stop_reason, usage) and message_stop. One block is open at a time: a part of another kind
 * closes it and opens the next, so block indices grow as Anthropic's do.
 */
export class MessagesStreamWriter implements StreamWriter {
  private started = false;
  private nextBlockIndex = 0;
  private open: OpenBlock | undefined;
  private openIndex = -1;
  /** Tool-call index (ours) → its block index, for deltas that come after the block closed. */
  private readonly toolBlocks = new Map<number, number>();
  private sawToolCall = false;

  constructor(private readonly identity: ResponseIdentity) {}

  writePart(part: StreamPart): string {
    switch (part.type) {
      case 'text-delta':
      case 'refusal-delta':
        if (part.delta === '') return '';
        return this.ensureBlock({ kind: 'text' }) + this.delta({ type: 'text_delta', text: part.delta });
      case 'reasoning-delta':
        if (part.delta === '') return '';
        return this.ensureBlock({ kind: 'thinking' }) + this.delta({ type: 'thinking_delta', thinking: part.delta });
      case 'reasoning-details':
        return this.writeReasoningDetails(part.details);
      case 'tool-call-delta':
        return this.writeToolCallDelta(part);
      default:
        return '';
    }
  }

  writeEnd(end: StreamEnd, usage: UsageBody): string {
    const stopReason = mapStopReason(end.finishReason, end.nativeFinishReason, end.stopSequence, this.sawToolCall);
    return (
      this.start() +
      this.closeBlock() +
      namedEvent('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (end.stopSequence ?? null) : null, stop_details: null, container: null },
        usage: encodeMessagesUsage(usage),
      }) +
      namedEvent('message_stop', { type: 'message_stop' })
    );
  }

  /** Anthropic streams report failures as an `error` event; its SDKs throw on it. */
  writeError(error: GatewayError): string {
    return namedEvent('error', encodeMessagesError(error, this.identity.id));
  }

  /**
   * Text comes from reasoning deltas; details add what text cannot carry: the signature of
   * the open thinking block, and redacted (encrypted) thinking as its own block.
   */
  private writeReasoningDetails(details: readonly { type: string; signature?: string | null; data?: string }[]): string {
    let out = '';
    for (const detail of details) {
      if (detail.type === 'reasoning.encrypted' && detail.data !== undefined) {
        out += this.closeBlock() + this.start();
        const index = this.nextBlockIndex++;
        out += namedEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: detail.data } });
        out += namedEvent('content_block_stop', { type: 'content_block_stop', index });
      } else if (detail.signature) {
        out += this.ensureBlock({ kind: 'thinking' }) + this.delta({ type: 'signature_delta', signature: detail.signature });
      }
    }
    return out;
  }

  private writeToolCallDelta(part: Extract<StreamPart, { type: 'tool-call-delta' }>): string {
    this.sawToolCall = true;
    let out = '';
    let index = this.toolBlocks.get(part.index);
    if (index === undefined) {
      out += this.closeBlock() + this.start();
      index = this.nextBlockIndex++;
      this.toolBlocks.set(part.index, index);
      this.open = { kind: 'tool_use', toolIndex: part.index };
      this.openIndex = index;
      out += namedEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: toolUseStart(part.id ?? '', part.name ?? '', {}),
      });
    }
    // A delta for a call whose block already closed keeps that block's index: clients
    // accumulate by index.
    if (part.argumentsDelta !== '') {
      out += namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.argumentsDelta } });
    }
    return out;
  }

  private ensureBlock(block: { kind: 'text' } | { kind: 'thinking' }): string {
    if (this.open?.kind === block.kind) return '';
    let out = this.closeBlock() + this.start();
    this.open = block;
    this.openIndex = this.nextBlockIndex++;
    const contentBlock = block.kind === 'text' ? { type: 'text', text: '', citations: null } : { type: 'thinking', thinking: '', signature: '' };
    out += namedEvent('content_block_start', { type: 'content_block_start', index: this.openIndex, content_block: contentBlock });
    return out;
  }

  private delta(delta: Record<string, unknown>): string {
    return namedEvent('content_block_delta', { type: 'content_block_delta', index: this.openIndex, delta });
  }

  private closeBlock(): string {
    if (!this.open) return '';
    this.open = undefined;
    return namedEvent('content_block_stop', { type: 'content_block_stop', index: this.openIndex });
  }

  /** message_start before anything else; its usage is final only in message_delta. */
  private start(): string {
    if (this.started) return '';
    this.started = true;
    return namedEvent('message_start', {
      type: 'message_start',
      message: {
        id: messageId(this.identity.id),
        type: 'message',
        role: 'assistant',
        container: null,
        content: [],
        model: this.identity.model,
        provider: this.identity.providerName,
        stop_reason: null,
        stop_details: null,
        stop_sequence: null,
        usage: EMPTY_MESSAGES_USAGE,
      },
    });
  }
}
