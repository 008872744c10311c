import type { FinishReason } from '../../spec/finish-reason.js';

/** Anthropic's `stop_reason` values a gateway answer can have. */
export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/**
 * Our finish reason back to Anthropic's. `stop` is `stop_sequence` only when the upstream
 * said so (an Anthropic upstream does; OpenAI-compatible ones do not tell the two apart). An
 * answer with tool calls stops for `tool_use` even when the upstream called it `stop`, since
 * Anthropic clients run tools on that signal.
 */
export function mapStopReason(finishReason: FinishReason | null, nativeFinishReason: string | null, stopSequence: string | undefined, hasToolCalls: boolean): AnthropicStopReason {
  switch (finishReason) {
    case 'length': return 'max_tokens';
    case 'tool_calls': return 'tool_use';
    case 'content_filter': return 'refusal';
    default:
      if (hasToolCalls) return 'tool_use';
      if (finishReason === 'stop' && (stopSequence !== undefined || nativeFinishReason === 'stop_sequence')) return 'stop_sequence';
      return 'end_turn';
  }
}
