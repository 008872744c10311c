import { picodollarsToUsd, type Picodollars } from '../../spec/money.js';
import type { Usage } from '../../spec/usage.js';
import { finiteJsonNumber } from '../../spec/json-text.js';

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

/**
 * The usage block as JSON text, key for key as JSON.stringify would write it: it ends every
 * non-streamed answer, where building the text by hand costs half as much.
 */
export function usageJsonText(usage: UsageBody): string {
  const { prompt_tokens_details: promptDetails, cost_details: costDetails } = usage;
  const cacheWrite = promptDetails.cache_write_tokens === undefined ? '' : `,"cache_write_tokens":${finiteJsonNumber(promptDetails.cache_write_tokens)}`;
  return (
    `{"prompt_tokens":${finiteJsonNumber(usage.prompt_tokens)},"completion_tokens":${finiteJsonNumber(usage.completion_tokens)}` +
    `,"total_tokens":${finiteJsonNumber(usage.total_tokens)},"cost":${finiteJsonNumber(usage.cost)},"is_byok":${usage.is_byok}` +
    `,"prompt_tokens_details":{"cached_tokens":${finiteJsonNumber(promptDetails.cached_tokens)}${cacheWrite}}` +
    `,"completion_tokens_details":{"reasoning_tokens":${finiteJsonNumber(usage.completion_tokens_details.reasoning_tokens)}}` +
    `,"cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":${finiteJsonNumber(costDetails.upstream_inference_prompt_cost)}` +
    `,"upstream_inference_completions_cost":${finiteJsonNumber(costDetails.upstream_inference_completions_cost)}}}`
  );
}
