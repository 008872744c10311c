import type { FinishReason } from './finish-reason.js';
import type { ReasoningDetail, ToolCall } from './chat-request.js';
import type { Usage } from './usage.js';

/** A complete (non-streamed) answer from one upstream, in IR form. */
export interface ChatResult {
  /** The upstream's own response id, kept as `upstream_id` on the generation record. */
  upstreamId?: string;
  /** The model name the upstream reported, if any. */
  upstreamModel?: string;
  content: string | null;
  reasoning?: string;
  reasoningDetails?: ReasoningDetail[];
  toolCalls: ToolCall[];
  refusal?: string;
  finishReason: FinishReason | null;
  /** The provider's raw finish/stop reason. */
  nativeFinishReason: string | null;
  /** The stop sequence that ended the answer, when the upstream says which (Anthropic does). */
  stopSequence?: string;
  usage?: Usage;
}
