import type { Usage } from '../../spec/usage.js';
import type { OpenAIUsage } from './openai-wire-schemas.js';

/**
 * The upstream's `usage` in IR form, or undefined when it lacks the two core counts (the
 * gateway then counts tokens itself rather than billing zeros). Detail counts that are
 * absent or zero are left out.
 */
export function convertOpenAIUsage(usage: OpenAIUsage | null | undefined): Usage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const promptTokens = usage.prompt_tokens;
  const completionTokens = usage.completion_tokens ?? completionFromTotal(usage);
  if (promptTokens === null || promptTokens === undefined || completionTokens === undefined) return undefined;

  const result: Usage = { promptTokens, completionTokens };
  const cachedTokens = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens;
  if (cachedTokens) result.cachedTokens = cachedTokens;
  const cacheWriteTokens = usage.prompt_tokens_details?.cache_write_tokens;
  if (cacheWriteTokens) result.cacheWriteTokens = cacheWriteTokens;
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoningTokens) result.reasoningTokens = reasoningTokens;
  return result;
}

/** Embedding-style usage (`prompt_tokens` and `total_tokens` only) still tells the completion count. */
function completionFromTotal(usage: OpenAIUsage): number | undefined {
  const { prompt_tokens: prompt, total_tokens: total } = usage;
  if (typeof prompt === 'number' && typeof total === 'number' && total >= prompt) return total - prompt;
  return undefined;
}
