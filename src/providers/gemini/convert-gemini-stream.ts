import { GatewayError } from '../../spec/errors.js';
import { nextEventAfterFinish } from '../shared/next-event-after-finish.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import type { ServerSentEvent } from '../shared/server-sent-event.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { invalidGeminiResponse } from './convert-gemini-response.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiBlockedPromptError } from './gemini-blocked-prompt-error.js';
import { signatureDetail } from './gemini-reasoning-details.js';
import { geminiReportedError } from './gemini-upstream-error.js';
import { isGeminiStreamChunk } from './gemini-stream-chunk.js';
import type { GeminiStreamChunk } from './gemini-stream-chunk.js';
import { geminiUsageSchema } from './gemini-wire-schemas.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { synthesizeGeminiToolCallId } from './synthesize-gemini-tool-call-id.js';

interface StreamState {
  metadataSent: boolean;
  toolCallCount: number;
  detailCount: number;
  nativeFinishReason: string | null;
  /** The latest usageMetadata (running counts), validated once at the end. */
  rawUsage: unknown;
}

/**
 * Converts `:streamGenerateContent?alt=sse` into StreamParts. Every event is a whole
 * GenerateContentResponse holding the new parts only: thought text becomes reasoning deltas,
 * text becomes text deltas, and each functionCall arrives complete, so it becomes one
 * tool-call-delta with its id, name and full arguments. A thoughtSignature becomes a
 * reasoning-details part (format google-gemini-v1) tied to the call it came with.
 * usageMetadata is cumulative; the last one wins. Gemini sends no end marker: the body
 * ending after a finishReason is the normal end (one `finish`); ending before one throws
 * upstream_connection. An `{"error":…}` event or a blocked prompt is one `error` part.
 */
export async function* convertGeminiStream(events: AsyncIterable<ServerSentEvent>, context: UpstreamErrorContext): AsyncGenerator<StreamPart, void, undefined> {
  const state: StreamState = { metadataSent: false, toolCallCount: 0, detailCount: 0, nativeFinishReason: null, rawUsage: undefined };
  const parts: StreamPart[] = [];
  const iterator = events[Symbol.asyncIterator]();
  let released = false;
  try {
    for (;;) {
      const step = await nextEventAfterFinish(iterator, state.nativeFinishReason !== null);
      if (step.done === true) break;
      const data = step.value.data;
      if (data.length === 0) continue;
      const chunk = parseChunk(data, context);
      if (!state.metadataSent) yield metadataPart(chunk, state);
      if (chunk.kind === 'error') {
        // Nothing useful follows an error: returning releases (closes) the connection.
        yield { type: 'error', error: geminiReportedError(chunk.payload, context) };
        return;
      }
      const response = chunk.response;
      const blockReason = response.promptFeedback?.blockReason;
      if (blockReason !== undefined && (response.candidates === undefined || response.candidates.length === 0)) {
        yield { type: 'error', error: geminiBlockedPromptError(blockReason, response.promptFeedback?.blockReasonMessage, context) };
        return;
      }
      collectChunkParts(response, state, parts);
      for (let index = 0; index < parts.length; index++) yield parts[index] as StreamPart;
      parts.length = 0;
    }
    released = true;
    if (state.nativeFinishReason === null) {
      throw new GatewayError('upstream_connection', `${context.providerName} stream ended before completion`, {
        metadata: { provider_name: context.providerName },
      });
    }
    if (!state.metadataSent) yield { type: 'response-metadata' };
    const finish: Extract<StreamPart, { type: 'finish' }> = {
      type: 'finish',
      finishReason: mapGeminiFinishReason(state.nativeFinishReason, state.toolCallCount > 0),
      nativeFinishReason: state.nativeFinishReason,
    };
    const usage = readUsage(state.rawUsage);
    if (usage !== undefined) finish.usage = usage;
    yield finish;
  } finally {
    // The consumer stopped early (or we threw): release the body, which closes the connection.
    if (!released) await iterator.return?.();
  }
}

type Chunk = { kind: 'response'; response: GeminiStreamChunk } | { kind: 'error'; payload: unknown };

function parseChunk(data: string, context: UpstreamErrorContext): Chunk {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    throw invalidGeminiResponse(`${context.providerName} sent a stream chunk that does not parse`, data, context, error);
  }
  if (typeof value === 'object' && value !== null && 'error' in value) return { kind: 'error', payload: value };
  if (!isGeminiStreamChunk(value)) throw invalidGeminiResponse(`${context.providerName} sent a stream chunk that does not parse`, data, context, undefined);
  return { kind: 'response', response: value };
}

function metadataPart(chunk: Chunk, state: StreamState): StreamPart {
  state.metadataSent = true;
  const part: Extract<StreamPart, { type: 'response-metadata' }> = { type: 'response-metadata' };
  if (chunk.kind === 'response') {
    if (chunk.response.responseId) part.upstreamId = chunk.response.responseId;
    if (chunk.response.modelVersion) part.upstreamModel = chunk.response.modelVersion;
  }
  return part;
}

/** A malformed usageMetadata is dropped (the gateway then counts tokens itself), not fatal. */
function readUsage(raw: unknown): Usage | undefined {
  if (raw === undefined) return undefined;
  const parsed = geminiUsageSchema.safeParse(raw);
  return parsed.success ? convertGeminiUsage(parsed.data) : undefined;
}

function collectChunkParts(response: GeminiStreamChunk, state: StreamState, parts: StreamPart[]): void {
  if (response.usageMetadata !== undefined) state.rawUsage = response.usageMetadata;
  const candidate = response.candidates?.[0];
  if (candidate === undefined) return;
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall !== undefined) {
      const id = part.functionCall.id || synthesizeGeminiToolCallId();
      if (part.thoughtSignature) parts.push({ type: 'reasoning-details', details: [signatureDetail(part.thoughtSignature, id, state.detailCount++)] });
      parts.push({ type: 'tool-call-delta', index: state.toolCallCount++, id, name: part.functionCall.name, argumentsDelta: JSON.stringify(part.functionCall.args ?? {}) });
      continue;
    }
    if (part.text) parts.push({ type: part.thought === true ? 'reasoning-delta' : 'text-delta', delta: part.text });
    if (part.thoughtSignature) parts.push({ type: 'reasoning-details', details: [signatureDetail(part.thoughtSignature, null, state.detailCount++)] });
  }
  if (candidate.finishReason !== undefined && state.nativeFinishReason === null) state.nativeFinishReason = candidate.finishReason;
}
