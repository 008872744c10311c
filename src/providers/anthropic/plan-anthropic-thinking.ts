import type { ReasoningOptions } from '../../spec/chat-request.js';

/** What to send: the thinking budget (absent = no thinking) and the resulting max_tokens. */
export interface ThinkingPlan {
  budgetTokens?: number;
  maxTokens: number;
}

/** Anthropic rejects budgets below this (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking). */
export const MINIMUM_THINKING_BUDGET = 1024;
/** Above this Anthropic recommends batches; OpenRouter caps effort-derived budgets here too. */
const MAXIMUM_EFFORT_BUDGET = 32_000;

/**
 * Share of max_tokens an effort level may spend thinking. The same ratios as OpenRouter's
 * documented mapping for budget-based providers (high 0.8, medium 0.5, low 0.2), extended to
 * the levels around them; `none` turns thinking off.
 */
const EFFORT_RATIO: Readonly<Record<NonNullable<ReasoningOptions['effort']>, number>> = {
  max: 0.95,
  xhigh: 0.9,
  high: 0.8,
  medium: 0.5,
  low: 0.2,
  minimal: 0.1,
  none: 0,
};

/**
 * Turns the client's `reasoning` into Anthropic's `thinking.budget_tokens`:
 * - `reasoning.max_tokens` is the budget as given;
 * - `reasoning.effort` is a share of max_tokens (EFFORT_RATIO), capped at 32 000;
 * - `enabled: true` alone means medium effort;
 * - budgets below Anthropic's minimum of 1024 are raised to it.
 * The budget must stay below max_tokens (it is spent out of it). When the client's limit
 * leaves no room, the budget is added on top of it, so the visible answer keeps the limit
 * the client asked for, within the endpoint's `maxLimit`; if even that cannot hold the
 * minimum budget plus one token, thinking is not requested.
 */
export function planAnthropicThinking(reasoning: ReasoningOptions | undefined, maxTokens: number, maxLimit: number | null): ThinkingPlan {
  const requested = requestedBudget(reasoning, maxTokens);
  if (requested === undefined) return { maxTokens };
  let budget = Math.max(MINIMUM_THINKING_BUDGET, requested);
  let limit = maxTokens;
  if (budget >= limit) limit = budget + maxTokens;
  if (maxLimit !== null && limit > maxLimit) {
    limit = Math.max(maxTokens, maxLimit);
    budget = Math.min(budget, limit - 1);
  }
  if (budget < MINIMUM_THINKING_BUDGET) return { maxTokens };
  return { budgetTokens: budget, maxTokens: limit };
}

function requestedBudget(reasoning: ReasoningOptions | undefined, maxTokens: number): number | undefined {
  if (reasoning === undefined || reasoning.enabled === false) return undefined;
  if (reasoning.maxTokens !== undefined) return reasoning.maxTokens > 0 ? reasoning.maxTokens : undefined;
  const effort = reasoning.effort ?? (reasoning.enabled === true ? 'medium' : undefined);
  if (effort === undefined) return undefined;
  const ratio = EFFORT_RATIO[effort];
  if (ratio === 0) return undefined;
  return Math.min(MAXIMUM_EFFORT_BUDGET, Math.floor(maxTokens * ratio));
}
