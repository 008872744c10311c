import { picodollarsToUsd, type Picodollars } from '../../spec/money.js';
import type { Usage } from '../../spec/usage.js';

/** The cost split the usage block reports (picodollars). */
export interface CostSplit {
  total: Picodollars;
  /** Everything billed for the prompt side: uncached, cached reads, cache writes, images, request fee. */
  prompt: Picodollars;
  /** Everything billed for the completion side, reasoning included. */
  completion: Picodollars;
}

/** OpenAI/OpenRouter `usage` object (S:ChatUsage), with `cost` in USD. */
export interface UsageBody {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost: number;
  is_byok: boolean;
  prompt_tokens_details: { cached_tokens: number; cache_write_tokens?: number };
  completion_tokens_details: { reasoning_tokens: number };
  cost_details: {
    upstream_inference_cost: null;
    upstream_inference_prompt_cost: number;
    upstream_inference_completions_cost: number;
  };
}

/** Builds the usage block reported on responses and on the final stream chunk. */
export function encodeUsage(usage: Usage, cost: CostSplit): UsageBody {
  const promptDetails: UsageBody['prompt_tokens_details'] = { cached_tokens: usage.cachedTokens ?? 0 };
  if (usage.cacheWriteTokens) promptDetails.cache_write_tokens = usage.cacheWriteTokens;
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    cost: picodollarsToUsd(cost.total),
    is_byok: false,
    prompt_tokens_details: promptDetails,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: picodollarsToUsd(cost.prompt),
      upstream_inference_completions_cost: picodollarsToUsd(cost.completion),
    },
  };
}
