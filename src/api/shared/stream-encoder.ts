import type { GatewayError } from '../../spec/errors.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ResponseIdentity } from '../openai-chat/encode-chat-response.js';
import type { UsageBody } from './encode-usage.js';
import { errorType } from './error-type.js';

/**
 * Turns typed stream parts into the surface's chunk objects. Content parts become chunks;
 * `finish` becomes the finish chunk, and the usage chunk comes separately once cost is known.
 */
export interface StreamEncoder {
  /** The chunk for a content part, or undefined for parts that produce none. */
  encodePart(part: StreamPart): Record<string, unknown> | undefined;
  encodeFinish(finishReason: FinishReason | null, nativeFinishReason: string | null): Record<string, unknown>;
  /** The final chunk: empty `choices`, the usage with cost. */
  encodeUsage(usage: UsageBody): Record<string, unknown>;
  /** A mid-stream failure: top-level `error` and `finish_reason: "error"`. */
  encodeError(error: GatewayError): Record<string, unknown>;
  /**
   * Optional fast path for the most frequent part: the JSON text of a text delta's chunk,
   * byte for byte what `JSON.stringify(encodePart(part))` gives, or undefined to fall back.
   */
  encodeTextDeltaJson?(delta: string): string | undefined;
}

/**
 * One chunk of a response: the fields every chunk carries, then `choices`. Built as one
 * literal (no spread) because it runs per streamed token.
 */
export function streamChunk(identity: ResponseIdentity, object: string, choices: unknown[]): Record<string, unknown> {
  return { id: identity.id, provider: identity.providerName, model: identity.model, object, created: identity.created, choices };
}

/** OpenRouter's in-stream error object (S:ChatStreamChunk.error). */
export function streamErrorBody(error: GatewayError): Record<string, unknown> {
  const metadata: Record<string, unknown> = { error_type: errorType(error) };
  if (error.upstreamStatus !== undefined && error.upstreamStatus < 500) metadata.provider_code = String(error.upstreamStatus);
  return { code: error.status, message: error.status >= 500 && error.kind !== 'all_attempts_failed' ? 'Upstream provider error' : error.message, metadata };
}
