import type { FinishReason } from './finish-reason.js';
import type { ReasoningDetail } from './chat-request.js';
import type { Usage } from './usage.js';
import type { GatewayError } from './errors.js';

/**
 * What a provider adapter's stream yields: typed parts, never wire strings. The sequence is
 * any number of content parts, then exactly one `finish` (or one `error`).
 */
export type StreamPart =
  | { type: 'response-metadata'; upstreamId?: string; upstreamModel?: string }
  | { type: 'text-delta'; delta: string }
  | { type: 'reasoning-delta'; delta: string }
  | { type: 'reasoning-details'; details: ReasoningDetail[] }
  /**
   * A piece of one tool call. `index` is the call's position in this answer (stable across
   * deltas); `id` and `name` come on the first delta of a call.
   */
  | { type: 'tool-call-delta'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'refusal-delta'; delta: string }
  | {
      type: 'finish';
      finishReason: FinishReason | null;
      nativeFinishReason: string | null;
      /** The stop sequence that ended the answer, when the upstream says which. */
      stopSequence?: string;
      usage?: Usage;
    }
  | { type: 'error'; error: GatewayError };

/** Parts that carry content to the client: the first one commits a stream (no more fallback). */
export function isContentPart(part: StreamPart): boolean {
  return (
    part.type === 'text-delta' ||
    part.type === 'reasoning-delta' ||
    part.type === 'reasoning-details' ||
    part.type === 'tool-call-delta' ||
    part.type === 'refusal-delta'
  );
}
