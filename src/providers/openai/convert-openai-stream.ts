import { GatewayError } from '../../spec/errors.js';
import { ALREADY_READY, ITERATION_DONE, nextOf, takeReady, type ReadyIterator } from '../../spec/ready-iterator.js';
import { nextEventAfterFinish } from '../shared/next-event-after-finish.js';
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
export function convertOpenAIStream(events: AsyncIterable<ServerSentEvent>, context: UpstreamErrorContext): AsyncIterableIterator<StreamPart> & ReadyIterator<StreamPart> {
  return new OpenAIPartStream(events[Symbol.asyncIterator](), context);
}

/**
 * What the converter does once its parts are handed out: read the next events, read the rest
 * of the body and ignore it (after `[DONE]`), release the connection (after an error), or
 * nothing more.
 */
type Phase = 'streaming' | 'draining' | 'releasing' | 'done';

/**
 * The conversion as a hand-written iterator rather than an async generator: the parts of the
 * events already parsed are handed over synchronously (`takeReady`), so a streamed token costs
 * no promise here. `next()` waits for the upstream only when nothing is at hand.
 */
class OpenAIPartStream implements AsyncIterableIterator<StreamPart>, ReadyIterator<StreamPart> {
  private readonly source: AsyncIterator<ServerSentEvent>;
  private readonly context: UpstreamErrorContext;
  private readonly state: StreamState = {
    metadataSent: false,
    firstChunk: undefined,
    nativeFinishReason: null,
    sawFinishReason: false,
    usage: undefined,
    toolCalls: new OpenAIToolCallTracker(),
  };
  private parts: StreamPart[] = [];
  private head = 0;
  private phase: Phase = 'streaming';
  /** What an awaited `next()` of a source without a fast path answered, not yet converted. */
  private awaited: { step: IteratorResult<ServerSentEvent> } | { error: unknown } | undefined;
  /** The body ended (or broke): there is no connection left to release. */
  private sourceEnded = false;

  constructor(source: AsyncIterator<ServerSentEvent>, context: UpstreamErrorContext) {
    this.source = source;
    this.context = context;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StreamPart> {
    return this;
  }

  takeReady(): IteratorResult<StreamPart> | undefined {
    try {
      return this.advance();
    } catch (error) {
      this.abandon();
      throw error;
    }
  }

  whenReady(): Promise<void> {
    if (this.head < this.parts.length || this.awaited !== undefined || this.phase === 'done' || this.phase === 'releasing') return ALREADY_READY;
    const source = this.source as Partial<ReadyIterator<ServerSentEvent>>;
    if (source.whenReady !== undefined) return source.whenReady();
    return this.awaitSource();
  }

  next(): Promise<IteratorResult<StreamPart>> {
    return nextOf(this);
  }

  /** The consumer stopped early: release the body, which closes the connection. */
  return(): Promise<IteratorResult<StreamPart>> {
    this.abandon();
    return Promise.resolve(ITERATION_DONE);
  }

  /** A source without a fast path: its next step, awaited and kept for `advance`. */
  private async awaitSource(): Promise<void> {
    try {
      this.awaited = { step: this.phase === 'draining' ? await this.source.next() : await nextEventAfterFinish(this.source, this.state.sawFinishReason) };
    } catch (error) {
      this.awaited = { error };
    }
  }

  /** Hands out a part at hand, converting the events at hand as needed; undefined when it must wait. */
  private advance(): IteratorResult<StreamPart> | undefined {
    for (;;) {
      if (this.head < this.parts.length) return { done: false, value: this.shift() };
      switch (this.phase) {
        case 'done':
          return ITERATION_DONE;
        case 'releasing':
          // Nothing useful follows an error, and some servers keep the socket open after it:
          // release (close) the connection instead of waiting for the body to end.
          this.abandon();
          return ITERATION_DONE;
        case 'draining':
          if (!this.drainReady()) return undefined;
          continue;
        case 'streaming': {
          const step = this.sourceStepAtHand();
          if (step === undefined) return undefined;
          this.convert(step);
        }
      }
    }
  }

  /** The source's next event if at hand; after the finish reason a broken connection ends the body. */
  private sourceStepAtHand(): IteratorResult<ServerSentEvent> | undefined {
    const awaited = this.awaited;
    if (awaited !== undefined) {
      this.awaited = undefined;
      if ('step' in awaited) return awaited.step;
      // nextEventAfterFinish already let a connection broken after the finish end the body.
      this.sourceEnded = true;
      throw awaited.error;
    }
    try {
      return takeReady(this.source);
    } catch (error) {
      this.sourceEnded = true;
      if (this.state.sawFinishReason && error instanceof GatewayError && error.kind === 'upstream_connection') return ITERATION_DONE;
      throw error;
    }
  }

  /** Reads (and ignores) the events at hand after `[DONE]`; true once the body ended. */
  private drainReady(): boolean {
    for (;;) {
      let step: IteratorResult<ServerSentEvent> | undefined;
      try {
        step = this.sourceStepAtHand();
      } catch {
        step = ITERATION_DONE;
      }
      if (step === undefined) return false;
      if (step.done === true) {
        this.sourceEnded = true;
        this.phase = 'done';
        return true;
      }
    }
  }

  /** Converts one upstream step into parts (queued), moving the phase on at the end markers. */
  private convert(step: IteratorResult<ServerSentEvent>): void {
    const state = this.state;
    if (step.done === true) {
      this.sourceEnded = true;
      this.phase = 'done';
      if (!state.sawFinishReason) {
        throw new GatewayError('upstream_connection', `${this.context.providerName} stream ended before completion`, {
          metadata: { provider_name: this.context.providerName },
        });
      }
      if (!state.metadataSent) this.parts.push(metadataPart(state.firstChunk, state));
      this.parts.push(finishPart(state));
      return;
    }
    const data = step.value.data;
    if (data === '[DONE]') {
      if (!state.metadataSent) this.parts.push(metadataPart(state.firstChunk, state));
      this.parts.push(finishPart(state));
      this.phase = 'draining';
      return;
    }
    if (data.length === 0) return;
    const chunk = parseChunk(data, this.context);
    if (chunk.error !== undefined && chunk.error !== null) {
      if (!state.metadataSent) this.parts.push(metadataPart(state.firstChunk ?? chunk, state));
      const details = readErrorPayload({ error: chunk.error }) ?? {};
      this.parts.push({ type: 'error', error: upstreamReportedError(details, this.context) });
      this.phase = 'releasing';
      return;
    }
    collectChunkParts(chunk, state, this.parts);
  }

  private shift(): StreamPart {
    const part = this.parts[this.head] as StreamPart;
    this.head += 1;
    if (this.head === this.parts.length) {
      this.parts.length = 0;
      this.head = 0;
    }
    return part;
  }

  /** Ends the conversion for good; a body still open is released (which closes the connection). */
  private abandon(): void {
    this.phase = 'done';
    this.parts.length = 0;
    this.head = 0;
    if (this.sourceEnded) return;
    this.sourceEnded = true;
    void this.source.return?.();
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

