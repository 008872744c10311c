import type { ReasoningOptions } from '../../spec/chat-request.js';

/** Gemini's `generationConfig.thinkingConfig` (https://ai.google.dev/gemini-api/docs/thinking). */
export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  includeThoughts?: boolean;
}

/** Share of max_tokens spent thinking per effort, as OpenRouter documents for budget-based models. */
const EFFORT_RATIOS: Readonly<Record<NonNullable<ReasoningOptions['effort']>, number>> = {
  max: 0.95,
  xhigh: 0.95,
  high: 0.8,
  medium: 0.5,
  low: 0.2,
  minimal: 0.1,
  none: 0,
};
/** Budgets when the request sets no max_tokens: Gemini 2.5 Flash's range is 0–24576. */
const EFFORT_BUDGETS: Readonly<Record<NonNullable<ReasoningOptions['effort']>, number>> = {
  max: 24_576,
  xhigh: 24_576,
  high: 16_384,
  medium: 8_192,
  low: 2_048,
  minimal: 512,
  none: 0,
};
const MINIMUM_BUDGET = 1_024;
const MAXIMUM_BUDGET = 24_576;

/**
 * `reasoning` → thinkingConfig. `max_tokens` is the budget as given; an effort is a share of
 * the request's max_tokens (clamped to 1024–24576) or a fixed budget; `enabled: true` alone
 * is Gemini's dynamic budget (-1); `effort: "none"` or `enabled: false` is budget 0 (off, where
 * the model allows it). Thoughts are returned (includeThoughts) unless `exclude` asks not to;
 * signatures come back either way. Undefined when the request says nothing about reasoning.
 */
export function convertReasoningToGeminiThinking(reasoning: ReasoningOptions | undefined, maxTokens: number | undefined): GeminiThinkingConfig | undefined {
  if (reasoning === undefined) return undefined;
  const config: GeminiThinkingConfig = {};
  if (reasoning.enabled === false || reasoning.effort === 'none') {
    config.thinkingBudget = 0;
    return config;
  }
  if (reasoning.maxTokens !== undefined) config.thinkingBudget = reasoning.maxTokens;
  else if (reasoning.effort !== undefined) config.thinkingBudget = effortBudget(reasoning.effort, maxTokens);
  else if (reasoning.enabled === true) config.thinkingBudget = -1;
  config.includeThoughts = reasoning.exclude !== true;
  return config;
}

function effortBudget(effort: NonNullable<ReasoningOptions['effort']>, maxTokens: number | undefined): number {
  if (maxTokens === undefined) return EFFORT_BUDGETS[effort];
  return Math.min(MAXIMUM_BUDGET, Math.max(MINIMUM_BUDGET, Math.floor(maxTokens * EFFORT_RATIOS[effort])));
}
