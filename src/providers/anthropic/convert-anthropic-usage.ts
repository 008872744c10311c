import type { Usage } from '../../spec/usage.js';
import type { AnthropicUsage } from './anthropic-wire-schemas.js';

/**
 * Anthropic's usage in IR form. Anthropic's `input_tokens` counts only the uncached part of
 * the prompt (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#tracking-cache-performance):
 * the whole prompt is input + cache reads + cache writes, and the details split the cached
 * parts out because they are priced at their own rates. Undefined without both core counts.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage | undefined {
  if (usage === null || usage === undefined) return undefined;
  const input = usage.input_tokens;
  const output = usage.output_tokens;
  if (input === null || input === undefined || output === null || output === undefined) return undefined;
  const cacheReads = usage.cache_read_input_tokens ?? 0;
  const cacheWrites = usage.cache_creation_input_tokens ?? 0;
  const result: Usage = { promptTokens: input + cacheReads + cacheWrites, completionTokens: output };
  if (cacheReads > 0) result.cachedTokens = cacheReads;
  if (cacheWrites > 0) result.cacheWriteTokens = cacheWrites;
  return result;
}

/**
 * Merges a `message_delta` usage (cumulative counts; recent API versions repeat the input
 * counts there too) over the `message_start` one: fields present later win.
 */
export function mergeAnthropicUsage(earlier: AnthropicUsage | undefined, later: AnthropicUsage | null | undefined): AnthropicUsage | undefined {
  if (later === null || later === undefined) return earlier;
  if (earlier === undefined) return later;
  return {
    input_tokens: later.input_tokens ?? earlier.input_tokens,
    output_tokens: later.output_tokens ?? earlier.output_tokens,
    cache_creation_input_tokens: later.cache_creation_input_tokens ?? earlier.cache_creation_input_tokens,
    cache_read_input_tokens: later.cache_read_input_tokens ?? earlier.cache_read_input_tokens,
  };
}
