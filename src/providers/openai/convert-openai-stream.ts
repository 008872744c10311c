import { GatewayError } from '../../spec/errors.js';
import { nextEventAfterFinish } from '../shared/next-event-after-finish.js';
import { drainEventStream } from '../shared/drain-event-stream.js';
import { invalidStreamData } from '../shared/invalid-stream-data.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import type { ServerSentEvent } from '../shared/server-sent-event.js';
import { readErrorPayload, upstreamReportedError } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import type { OpenAIStreamChoice, OpenAIStreamChunk, OpenAIToolCallDelta } from './openai-stream-chunk.js';
import { isOpenAIStreamChunk } from './openai-stream-chunk.js';
import { openAIUsageSchema } from './openai-wire-schemas.js';
import { readReasoningDetails } from './read-reasoning-details.js';
import { OpenAIToolCallTracker } from './track-openai-tool-calls.js';

/** Mutable state of one stream's conversion. */
interface StreamState {
  metadataSent: boolean;
  /** The first chunk that had an id, for metadata when no chunk with a choice ever came. */
  firstChunk: OpenAIStreamChunk | undefined;
  /** The raw finish_reason, once one was seen (the first non-null one wins). */
  nativeFinishReason: string | null;
  sawFinishReason: boolean;
  usage: Usage | undefined;
  toolCalls: OpenAIToolCallTracker;
}

/**
 * Converts the SSE events of an OpenAI-compatible chat or legacy completions stream into
 * StreamParts: one `response-metadata` first, content deltas, then exactly one `finish` (on
 * `[DONE]`, or at the end of the body when a finish_reason was seen) or one `error` (a chunk
 * with a top-level `error`). A body that ends with neither `[DONE]` nor a finish_reason
 * throws `upstream_connection`; a chunk that does not parse throws
 * `upstream_invalid_response`. After `finish` the rest of the body is read and ignored, so
 * the keep-alive socket can be reused; after `error` the connection is released.
 */
export async function* convertOpenAIStream(events: AsyncIterable<ServerSentEvent>, context: UpstreamErrorContext): AsyncGenerator<StreamPart, void, undefined> {
  const state: StreamState = {
    metadataSent: false,
    firstChunk: undefined,
    nativeFinishReason: null,
    sawFinishReason: false,
    usage: undefined,
    toolCalls: new OpenAIToolCallTracker(),
  };
  const parts: StreamPart[] = [];
  const iterator = events[Symbol.asyncIterator]();
  let released = false;
  try {
    for (;;) {
      const step = await nextEventAfterFinish(iterator, state.sawFinishReason);
      if (step.done === true) break;
      const data = step.value.data;
      if (data === '[DONE]') {
        if (!state.metadataSent) yield metadataPart(state.firstChunk, state);
        yield finishPart(state);
        released = await drainEventStream(iterator);
        return;
      }
      if (data.length === 0) continue;
      const chunk = parseChunk(data, context);
      if (chunk.error !== undefined && chunk.error !== null) {
        if (!state.metadataSent) yield metadataPart(state.firstChunk ?? chunk, state);
        const details = readErrorPayload({ error: chunk.error }) ?? {};
        // Nothing useful follows an error, and some servers keep the socket open after it:
        // returning releases (closes) the connection instead of waiting for the body to end.
        yield { type: 'error', error: upstreamReportedError(details, context) };
        return;
      }
      collectChunkParts(chunk, state, parts);
      for (let index = 0; index < parts.length; index++) yield parts[index] as StreamPart;
      parts.length = 0;
    }
    released = true;
    if (!state.sawFinishReason) {
      throw new GatewayError('upstream_connection', `${context.providerName} stream ended before completion`, {
        metadata: { provider_name: context.providerName },
      });
    }
    if (!state.metadataSent) yield metadataPart(state.firstChunk, state);
    yield finishPart(state);
  } finally {
    // The consumer stopped early (or we threw): release the body, which closes the connection.
    if (!released) await iterator.return?.();
  }
}

function parseChunk(data: string, context: UpstreamErrorContext): OpenAIStreamChunk {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw invalidStreamData(data, context, error);
  }
  if (!isOpenAIStreamChunk(value)) throw invalidStreamData(data, context, undefined);
  return value;
}

/** Appends the parts one chunk carries to `parts`, updating the stream state. */
function collectChunkParts(chunk: OpenAIStreamChunk, state: StreamState, parts: StreamPart[]): void {
  if (chunk.usage !== undefined && chunk.usage !== null) {
    // A malformed usage object is dropped (the gateway then counts tokens itself), not fatal.
    const usage = openAIUsageSchema.safeParse(chunk.usage);
    if (usage.success) state.usage = convertOpenAIUsage(usage.data) ?? state.usage;
  }
  const choice = firstChoice(chunk.choices);
  // Azure's first chunk (prompt_filter_results, empty id and choices) and bare usage chunks
  // carry no content: they must not decide the metadata or produce parts.
  if (choice === undefined) {
    if (chunk.id) state.firstChunk ??= chunk;
    return;
  }
  if (!state.metadataSent) parts.push(metadataPart(chunk, state));

  const delta = choice.delta;
  if (delta !== undefined && delta !== null) {
    // vLLM sends the same text as both `reasoning` and `reasoning_content`: take one, never both.
    const reasoning = delta.reasoning || delta.reasoning_content;
    if (reasoning) parts.push({ type: 'reasoning-delta', delta: reasoning });
    if (delta.reasoning_details !== undefined && delta.reasoning_details !== null) {
      const details = readReasoningDetails(delta.reasoning_details);
      if (details !== undefined) parts.push({ type: 'reasoning-details', details });
    }
    if (delta.content) parts.push({ type: 'text-delta', delta: delta.content });
    if (delta.refusal) parts.push({ type: 'refusal-delta', delta: delta.refusal });
    if (delta.tool_calls) {
      for (let index = 0; index < delta.tool_calls.length; index++) {
        collectToolCallDelta(delta.tool_calls[index] as OpenAIToolCallDelta, index, state, parts);
      }
    }
  }
  if (choice.text) parts.push({ type: 'text-delta', delta: choice.text });
  if (choice.finish_reason && !state.sawFinishReason) {
    // Some servers repeat finish_reason on the usage chunk (openrouter-notes §29.11): the first one counts.
    state.sawFinishReason = true;
    state.nativeFinishReason = choice.finish_reason;
  }
}

function collectToolCallDelta(call: OpenAIToolCallDelta, position: number, state: StreamState, parts: StreamPart[]): void {
  const fn = call.function ?? undefined;
  const rawArguments = fn?.arguments;
  const argumentsDelta = typeof rawArguments === 'string' ? rawArguments : rawArguments ? JSON.stringify(rawArguments) : '';
  const resolved = state.toolCalls.resolve(call.index, call.id, fn?.name, position);
  if (resolved.id === undefined && resolved.name === undefined && argumentsDelta === '') return;
  const part: Extract<StreamPart, { type: 'tool-call-delta' }> = { type: 'tool-call-delta', index: resolved.index, argumentsDelta };
  if (resolved.id !== undefined) part.id = resolved.id;
  if (resolved.name !== undefined) part.name = resolved.name;
  parts.push(part);
}

/** The choice we answer with: index 0 (the gateway never asks for n > 1). */
function firstChoice(choices: OpenAIStreamChoice[] | null | undefined): OpenAIStreamChoice | undefined {
  if (!choices) return undefined;
  for (let index = 0; index < choices.length; index++) {
    const choice = choices[index] as OpenAIStreamChoice;
    if (!choice.index) return choice;
  }
  return undefined;
}

function metadataPart(chunk: OpenAIStreamChunk | undefined, state: StreamState): StreamPart {
  state.metadataSent = true;
  const part: Extract<StreamPart, { type: 'response-metadata' }> = { type: 'response-metadata' };
  if (chunk?.id) part.upstreamId = chunk.id;
  if (chunk?.model) part.upstreamModel = chunk.model;
  return part;
}

function finishPart(state: StreamState): StreamPart {
  const finishReason: FinishReason | null = mapOpenAIFinishReason(state.nativeFinishReason);
  const part: Extract<StreamPart, { type: 'finish' }> = { type: 'finish', finishReason, nativeFinishReason: state.nativeFinishReason };
  if (state.usage !== undefined) part.usage = state.usage;
  return part;
}

