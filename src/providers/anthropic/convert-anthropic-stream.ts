import { GatewayError } from '../../spec/errors.js';
import { nextEventAfterFinish } from '../shared/next-event-after-finish.js';
import { drainEventStream } from '../shared/drain-event-stream.js';
import { invalidStreamData } from '../shared/invalid-stream-data.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ServerSentEvent } from '../shared/server-sent-event.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic-wire-schemas.js';
import { anthropicStreamError } from './anthropic-stream-error.js';
import { redactedThinkingDetail, thinkingDetail } from './convert-anthropic-response.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { readAnthropicStreamEvent } from './read-anthropic-stream-event.js';

/** What we remember about one open content block, by the upstream's block index. */
type OpenBlock =
  | { kind: 'text' }
  | { kind: 'thinking'; text: string; signature: string }
  | { kind: 'tool'; toolIndex: number; sentArguments: boolean }
  | { kind: 'other' };

interface StreamState {
  metadataSent: boolean;
  blocks: Map<number, OpenBlock>;
  /** Tool calls so far: a call's IR index is its position among tool_use blocks, not its block index. */
  toolCount: number;
  /** Reasoning details so far, for their `index`. */
  detailCount: number;
  usage: AnthropicUsage | undefined;
  stopReason: string | null;
  stopSequence?: string;
  sawStopReason: boolean;
}

/**
 * Converts the SSE events of a Messages stream into StreamParts: `response-metadata` (from
 * message_start), text, reasoning and tool-call deltas, one `reasoning-details` part per
 * thinking block once its signature is complete (at content_block_stop; a redacted block at
 * its start), then exactly one `finish` at message_stop, or one `error` for an `error`
 * event. A body that ends before message_stop still finishes when the stop_reason arrived;
 * otherwise it throws upstream_connection. An event that does not parse throws
 * upstream_invalid_response. After `finish` the body is read to its end so the connection
 * can be reused; after `error` it is released.
 */
export async function* convertAnthropicStream(events: AsyncIterable<ServerSentEvent>, context: UpstreamErrorContext): AsyncGenerator<StreamPart, void, undefined> {
  const state: StreamState = {
    metadataSent: false,
    blocks: new Map(),
    toolCount: 0,
    detailCount: 0,
    usage: undefined,
    stopReason: null,
    sawStopReason: false,
  };
  const parts: StreamPart[] = [];
  const iterator = events[Symbol.asyncIterator]();
  let released = false;
  try {
    for (;;) {
      const step = await nextEventAfterFinish(iterator, state.sawStopReason);
      if (step.done === true) break;
      const data = step.value.data;
      if (data.length === 0) continue;
      const event = parseEvent(data, context);
      if (event === undefined) continue;
      if (event.type === 'error') {
        if (!state.metadataSent) yield metadataPart(state);
        yield { type: 'error', error: anthropicStreamError(event.error.type, event.error.message, context) };
        return;
      }
      if (event.type === 'message_stop') {
        if (!state.metadataSent) yield metadataPart(state);
        yield finishPart(state);
        released = await drainEventStream(iterator);
        return;
      }
      collectEventParts(event, state, parts);
      for (let index = 0; index < parts.length; index++) yield parts[index] as StreamPart;
      parts.length = 0;
    }
    released = true;
    if (!state.sawStopReason) {
      throw new GatewayError('upstream_connection', `${context.providerName} stream ended before completion`, {
        metadata: { provider_name: context.providerName },
      });
    }
    if (!state.metadataSent) yield metadataPart(state);
    yield finishPart(state);
  } finally {
    if (!released) await iterator.return?.();
  }
}

/** Appends the parts one event carries, updating the state. */
function collectEventParts(event: Exclude<AnthropicStreamEvent, { type: 'error' | 'message_stop' }>, state: StreamState, parts: StreamPart[]): void {
  switch (event.type) {
    case 'message_start': {
      state.usage = mergeAnthropicUsage(state.usage, event.message.usage);
      if (state.metadataSent) return;
      state.metadataSent = true;
      const part: Extract<StreamPart, { type: 'response-metadata' }> = { type: 'response-metadata' };
      if (event.message.id) part.upstreamId = event.message.id;
      if (event.message.model) part.upstreamModel = event.message.model;
      parts.push(part);
      return;
    }
    case 'content_block_start':
      if (!state.metadataSent) parts.push(metadataPart(state));
      startBlock(event, state, parts);
      return;
    case 'content_block_delta':
      if (!state.metadataSent) parts.push(metadataPart(state));
      collectDelta(event, state, parts);
      return;
    case 'content_block_stop':
      stopBlock(event.index, state, parts);
      return;
    case 'message_delta':
      state.usage = mergeAnthropicUsage(state.usage, event.usage);
      if (event.delta.stop_reason) {
        state.stopReason = event.delta.stop_reason;
        state.sawStopReason = true;
      }
      if (event.delta.stop_sequence) state.stopSequence = event.delta.stop_sequence;
      return;
    case 'ping':
      return;
  }
}

function startBlock(event: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>, state: StreamState, parts: StreamPart[]): void {
  const block = event.content_block;
  if (block.type === 'text' && 'text' in block) {
    state.blocks.set(event.index, { kind: 'text' });
    if (block.text !== '') parts.push({ type: 'text-delta', delta: block.text });
  } else if (block.type === 'thinking' && 'thinking' in block) {
    state.blocks.set(event.index, { kind: 'thinking', text: block.thinking, signature: block.signature ?? '' });
    if (block.thinking !== '') parts.push({ type: 'reasoning-delta', delta: block.thinking });
  } else if (block.type === 'redacted_thinking' && 'data' in block) {
    // Complete in its start event: nothing streams into a redacted block.
    state.blocks.set(event.index, { kind: 'other' });
    parts.push({ type: 'reasoning-details', details: [redactedThinkingDetail(block.data, state.detailCount++)] });
  } else if (block.type === 'tool_use' && 'id' in block) {
    const toolIndex = state.toolCount++;
    // The input streams as input_json_delta; a start that already carries input (some
    // proxies replay whole blocks) sends it as the first fragment.
    const input = block.input;
    const initial = typeof input === 'object' && input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
    state.blocks.set(event.index, { kind: 'tool', toolIndex, sentArguments: initial !== '' });
    parts.push({ type: 'tool-call-delta', index: toolIndex, id: block.id, name: block.name, argumentsDelta: initial });
  } else {
    state.blocks.set(event.index, { kind: 'other' });
  }
}

function collectDelta(event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>, state: StreamState, parts: StreamPart[]): void {
  const delta = event.delta;
  const block = state.blocks.get(event.index);
  if (delta.type === 'text_delta' && 'text' in delta) {
    if (delta.text !== '') parts.push({ type: 'text-delta', delta: delta.text });
  } else if (delta.type === 'input_json_delta' && 'partial_json' in delta) {
    if (block?.kind !== 'tool' || delta.partial_json === '') return;
    block.sentArguments = true;
    parts.push({ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: delta.partial_json });
  } else if (delta.type === 'thinking_delta' && 'thinking' in delta) {
    if (block?.kind === 'thinking') block.text += delta.thinking;
    if (delta.thinking !== '') parts.push({ type: 'reasoning-delta', delta: delta.thinking });
  } else if (delta.type === 'signature_delta' && 'signature' in delta) {
    if (block?.kind === 'thinking') block.signature += delta.signature;
  }
}

function stopBlock(index: number, state: StreamState, parts: StreamPart[]): void {
  const block = state.blocks.get(index);
  state.blocks.delete(index);
  if (block?.kind === 'thinking') {
    // One complete detail per block, signature included: what the client echoes back.
    parts.push({ type: 'reasoning-details', details: [thinkingDetail(block.text, block.signature === '' ? null : block.signature, state.detailCount++)] });
  } else if (block?.kind === 'tool' && !block.sentArguments) {
    // A call without arguments: clients expect a JSON object, as the non-streamed answer gives.
    parts.push({ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: '{}' });
  }
}

function parseEvent(data: string, context: UpstreamErrorContext): AnthropicStreamEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw invalidStreamData(data, context, error, 'stream event');
  }
  const event = readAnthropicStreamEvent(value);
  if (event === 'invalid') throw invalidStreamData(data, context, undefined, 'stream event');
  return event === 'ignored' ? undefined : event;
}

function metadataPart(state: StreamState): StreamPart {
  state.metadataSent = true;
  return { type: 'response-metadata' };
}

function finishPart(state: StreamState): StreamPart {
  const part: Extract<StreamPart, { type: 'finish' }> = {
    type: 'finish',
    finishReason: mapAnthropicStopReason(state.stopReason),
    nativeFinishReason: state.stopReason,
  };
  if (state.stopSequence !== undefined) part.stopSequence = state.stopSequence;
  const usage = convertAnthropicUsage(state.usage);
  if (usage !== undefined) part.usage = usage;
  return part;
}

