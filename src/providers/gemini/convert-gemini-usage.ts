import type { Usage } from '../../spec/usage.js';
import type { GeminiUsage } from './gemini-wire-schemas.js';

/**
 * usageMetadata in IR form. `candidatesTokenCount` excludes the thinking tokens, which are
 * billed as output: completion = candidates + thoughts, and reasoningTokens = thoughts.
 * `promptTokenCount` already includes `cachedContentTokenCount` (the cache-read share).
 * Undefined without a prompt count (the gateway then counts tokens itself).
 */
export function convertGeminiUsage(usage: GeminiUsage | undefined): Usage | undefined {
  if (usage === undefined || usage.promptTokenCount === undefined) return undefined;
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const result: Usage = { promptTokens: usage.promptTokenCount, completionTokens: (usage.candidatesTokenCount ?? 0) + thoughts };
  if (usage.cachedContentTokenCount) result.cachedTokens = usage.cachedContentTokenCount;
  if (thoughts > 0) result.reasoningTokens = thoughts;
  return result;
}
