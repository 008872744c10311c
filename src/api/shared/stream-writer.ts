import type { GatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UsageBody } from './encode-usage.js';
import { SSE_DONE, SSE_KEEPALIVE, sseEvent } from './server-sent-events.js';
import type { StreamEncoder } from './stream-encoder.js';

/** How a stream ended, as the last `finish` part said. */
export interface StreamEnd {
  finishReason: FinishReason | null;
  nativeFinishReason: string | null;
  stopSequence?: string;
}

/**
 * A surface's SSE output, as wire text: what one part writes, how a stream ends, how a failure
 * after the 200 is told. Surfaces differ in framing (OpenAI: `data:` lines and `[DONE]`;
 * Anthropic: named events, several per part), so the framing is theirs.
 */
export interface StreamWriter {
  /** The event(s) for one part; '' when the part produces none. */
  writePart(part: StreamPart): string;
  /**
   * The end of a finished stream, usage (with cost) included; `routerMetadata`
   * (`X-OpenRouter-Metadata: enabled`) goes on the final chunk.
   */
  writeEnd(end: StreamEnd, usage: UsageBody, routerMetadata?: unknown): string;
  /** A failure once the stream has started. */
  writeError(error: GatewayError): string;
}

/** OpenAI/OpenRouter framing of a chunk encoder: one `data:` event per chunk, `[DONE]` last. */
export function dataEventStreamWriter(encoder: StreamEncoder): StreamWriter {
  return {
    writePart(part) {
      const chunk = encoder.encodePart(part);
      return chunk ? sseEvent(chunk) : '';
    },
    writeEnd(end, usage, routerMetadata) {
      const last = encoder.encodeUsage(usage);
      if (routerMetadata !== undefined) last.openrouter_metadata = routerMetadata;
      return sseEvent(encoder.encodeFinish(end.finishReason, end.nativeFinishReason)) + sseEvent(last) + SSE_DONE;
    },
    writeError(error) {
      return sseEvent(encoder.encodeError(error)) + SSE_DONE;
    },
  };
}

/** The OpenAI surfaces' keep-alive: an SSE comment. */
export const DATA_EVENT_KEEPALIVE = SSE_KEEPALIVE;
