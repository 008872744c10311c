import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * Gemini's Candidate.FinishReason (https://ai.google.dev/api/generate-content#FinishReason)
 * as OpenRouter's enum. Every safety-type stop is `content_filter`; a broken or unexpected
 * tool call is `error`. Gemini has no "tool calls" reason (a turn that calls functions ends
 * with STOP), so the caller passes whether the answer holds function calls.
 */
const FINISH_REASONS: ReadonlyMap<string, FinishReason> = new Map<string, FinishReason>([
  ['STOP', 'stop'],
  ['MAX_TOKENS', 'length'],
  ['SAFETY', 'content_filter'],
  ['RECITATION', 'content_filter'],
  ['LANGUAGE', 'content_filter'],
  ['BLOCKLIST', 'content_filter'],
  ['PROHIBITED_CONTENT', 'content_filter'],
  ['SPII', 'content_filter'],
  ['IMAGE_SAFETY', 'content_filter'],
  ['IMAGE_PROHIBITED_CONTENT', 'content_filter'],
  ['IMAGE_RECITATION', 'content_filter'],
  ['MALFORMED_FUNCTION_CALL', 'error'],
  ['UNEXPECTED_TOOL_CALL', 'error'],
  ['TOO_MANY_TOOL_CALLS', 'error'],
  ['OTHER', 'error'],
]);

/**
 * The normalised finish reason; null for a missing or unknown value (the raw value stays
 * available as `nativeFinishReason`). A natural stop with function calls is `tool_calls`.
 */
export function mapGeminiFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason | null {
  if (raw === null || raw === undefined) return null;
  const mapped = FINISH_REASONS.get(raw) ?? null;
  return mapped === 'stop' && hasToolCalls ? 'tool_calls' : mapped;
}
