import type { UsageBody } from '../shared/encode-usage.js';

/**
 * Anthropic's `usage` (input_tokens excludes cache reads and writes, counted apart), with
 * OpenRouter's additions on its /messages surface (S:MessagesResult.usage): cost in USD,
 * is_byok, cost_details. Fields Anthropic reports and we cannot know are null.
 */
export interface AnthropicUsageBody {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  cache_creation: null;
  output_tokens_details: { thinking_tokens: number };
  inference_geo: null;
  server_tool_use: null;
  service_tier: null;
  cost: number;
  is_byok: boolean;
  cost_details: UsageBody['cost_details'];
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
    cache_creation: null,
    output_tokens_details: { thinking_tokens: usage.completion_tokens_details.reasoning_tokens },
    inference_geo: null,
    server_tool_use: null,
    service_tier: null,
    cost: usage.cost,
    is_byok: usage.is_byok,
    cost_details: usage.cost_details,
  };
}

/** The usage message_start carries before anything is known; message_delta has the real one. */
export const EMPTY_MESSAGES_USAGE = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_creation: null,
  output_tokens_details: null,
  inference_geo: null,
  server_tool_use: null,
  service_tier: null,
};
