import type { UsageBody } from '../shared/encode-usage.js';

/** Anthropic's `usage`: input_tokens excludes cache reads and writes, which are counted apart. */
export interface AnthropicUsageBody {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** Our usage block (prompt tokens include cache reads and writes) in Anthropic's split. */
export function encodeMessagesUsage(usage: UsageBody): AnthropicUsageBody {
  const cacheRead = usage.prompt_tokens_details.cached_tokens;
  const cacheWrite = usage.prompt_tokens_details.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.prompt_tokens - cacheRead - cacheWrite),
    output_tokens: usage.completion_tokens,
    cache_read_input_tokens: cacheRead,
    cache_creation_input_tokens: cacheWrite,
  };
}
