import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Anthropic's `stop_reason` as OpenRouter's finish reason
 * (https://docs.anthropic.com/en/api/handling-stop-reasons). `pause_turn` (a long server-tool
 * turn paused for the client to continue) ends this answer normally; `refusal` is the
 * model's safety classifier stopping the answer. Unknown values map to null; the raw value
 * is always kept as the native finish reason.
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason | null {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return null;
  }
}
