import type { Pricing } from '../catalog/catalog-types.js';
import type { Picodollars } from '../spec/money.js';
import type { Usage } from '../spec/usage.js';

/**
 * The cost of one generation split by price component, all exact picodollars.
 * `total` is the sum of every component except `cacheDiscount`, which is informational
 * (OpenRouter's `cache_discount`): already reflected in `cacheRead` and `cacheWrite`.
 */
export interface CostBreakdown {
  total: Picodollars;
  /** Uncached prompt tokens at the prompt price. */
  prompt: Picodollars;
  /** Completion tokens at the completion price (reasoning excluded when it has its own price). */
  completion: Picodollars;
  /** The flat per-request fee. */
  request: Picodollars;
  /** Prompt images at the per-image price. */
  image: Picodollars;
  cacheRead: Picodollars;
  cacheWrite: Picodollars;
  /** Reasoning tokens at the internal reasoning price; zero when reasoning is billed as completion. */
  reasoning: Picodollars;
  /** Saved by cache reads minus the premium paid for cache writes, versus the plain prompt price. */
  cacheDiscount: Picodollars;
}

/** A breakdown of nothing, for insured or free generations. */
export const ZERO_COST: Readonly<CostBreakdown> = Object.freeze({
  total: 0n,
  prompt: 0n,
  completion: 0n,
  request: 0n,
  image: 0n,
  cacheRead: 0n,
  cacheWrite: 0n,
  reasoning: 0n,
  cacheDiscount: 0n,
});

/** Upstream counts are untrusted: anything but a non-negative safe integer counts as 0. */
function sanitizeCount(value: number | undefined): number {
  if (value === undefined || !Number.isSafeInteger(value) || value < 0) return 0;
  return value;
}

/** Splits usage into disjoint, clamped token groups so no token is billed twice. */
function normalizeUsage(usage: Usage): {
  uncachedPrompt: bigint;
  cachedRead: bigint;
  cacheWrite: bigint;
  completion: bigint;
  reasoning: bigint;
  images: bigint;
} {
  const prompt = sanitizeCount(usage.promptTokens);
  const cachedRead = Math.min(sanitizeCount(usage.cachedTokens), prompt);
  const cacheWrite = Math.min(sanitizeCount(usage.cacheWriteTokens), prompt - cachedRead);
  const completion = sanitizeCount(usage.completionTokens);
  const reasoning = Math.min(sanitizeCount(usage.reasoningTokens), completion);
  return {
    uncachedPrompt: BigInt(prompt - cachedRead - cacheWrite),
    cachedRead: BigInt(cachedRead),
    cacheWrite: BigInt(cacheWrite),
    completion: BigInt(completion),
    reasoning: BigInt(reasoning),
    images: BigInt(sanitizeCount(usage.promptImages)),
  };
}

/** Prices a generation exactly in picodollars, so per-key sums and credits never drift. */
export function computeCost(usage: Usage, pricing: Pricing): CostBreakdown {
  const tokens = normalizeUsage(usage);
  const cacheReadPrice = pricing.inputCacheRead ?? pricing.prompt;
  const cacheWritePrice = pricing.inputCacheWrite ?? pricing.prompt;

  const prompt = tokens.uncachedPrompt * pricing.prompt;
  const cacheRead = tokens.cachedRead * cacheReadPrice;
  const cacheWrite = tokens.cacheWrite * cacheWritePrice;
  let completion: Picodollars;
  let reasoning: Picodollars;
  if (pricing.internalReasoning !== undefined) {
    reasoning = tokens.reasoning * pricing.internalReasoning;
    completion = (tokens.completion - tokens.reasoning) * pricing.completion;
  } else {
    reasoning = 0n;
    completion = tokens.completion * pricing.completion;
  }
  const request = pricing.request;
  const image = tokens.images * pricing.image;
  const cacheDiscount =
    tokens.cachedRead * (pricing.prompt - cacheReadPrice) - tokens.cacheWrite * (cacheWritePrice - pricing.prompt);

  return {
    total: prompt + completion + request + image + cacheRead + cacheWrite + reasoning,
    prompt,
    completion,
    request,
    image,
    cacheRead,
    cacheWrite,
    reasoning,
    cacheDiscount,
  };
}

/**
 * Zero-completion insurance (OpenRouter's rule): a generation that produced no completion
 * tokens and ended with no finish reason or an error is not charged.
 */
export function isInsuredZeroCompletion(completionTokens: number, finishReason: string | null | undefined): boolean {
  if (sanitizeCount(completionTokens) !== 0) return false;
  return finishReason === null || finishReason === undefined || finishReason === '' || finishReason === 'error';
}

/** What to actually charge: the computed cost, or zero when the generation is insured. */
export function computeChargedCost(
  usage: Usage,
  pricing: Pricing,
  finishReason: string | null | undefined,
): CostBreakdown {
  if (isInsuredZeroCompletion(usage.completionTokens, finishReason)) return { ...ZERO_COST };
  return computeCost(usage, pricing);
}
