import type { Endpoint, Pricing } from '../catalog/catalog-types.js';
import type { Picodollars } from '../spec/money.js';

export interface WorstCaseInput {
  /** An upper bound of the prompt's tokens (capped at each endpoint's context length). */
  promptTokens: number;
  images: number;
  /** The request's max_tokens; absent means the endpoint's max completion, else its context. */
  maxTokens: number | undefined;
}

/** The most a request can cost on the costliest endpoint of its plan, and how that splits. */
export interface WorstCase {
  amount: Picodollars;
  /** Completion tokens assumed on that endpoint. */
  completionTokens: number;
  /** Everything but the completion: prompt, request fee, images. */
  fixed: Picodollars;
  /** Price of one completion token there (the higher of completion and reasoning). */
  completionPrice: Picodollars;
}

export const NO_COST: WorstCase = Object.freeze({ amount: 0n, completionTokens: 0, fixed: 0n, completionPrice: 0n });

/**
 * The reservation for a request: any endpoint of the plan may end up serving it (fallbacks),
 * so the costliest one counts. Each token is priced at the highest rate it could be billed at
 * (a prompt token may be a cache write, a completion token may be reasoning).
 */
export function worstCaseCost(endpoints: readonly Endpoint[], input: WorstCaseInput): WorstCase {
  let worst = NO_COST;
  for (const endpoint of endpoints) {
    const candidate = endpointWorstCase(endpoint, input);
    if (candidate.amount > worst.amount) worst = candidate;
  }
  return worst;
}

function endpointWorstCase(endpoint: Endpoint, input: WorstCaseInput): WorstCase {
  const { pricing, contextLength } = endpoint;
  const promptTokens = Math.min(input.promptTokens, contextLength);
  const completionTokens = Math.min(input.maxTokens ?? endpoint.maxCompletionTokens ?? contextLength, contextLength);
  const promptPrice = maximum(pricing.prompt, pricing.inputCacheWrite ?? 0n);
  const completionPrice = maximum(pricing.completion, pricing.internalReasoning ?? 0n);
  const fixed = BigInt(promptTokens) * promptPrice + pricing.request + BigInt(input.images) * pricing.image;
  return { amount: fixed + BigInt(completionTokens) * completionPrice, completionTokens, fixed, completionPrice };
}

/** How many completion tokens `available` would pay for after the fixed part, on the worst endpoint. */
export function affordableCompletionTokens(worst: WorstCase, available: Picodollars): number {
  if (worst.completionPrice === 0n) return worst.completionTokens;
  const left = available - worst.fixed;
  return left <= 0n ? 0 : Number(left / worst.completionPrice);
}

/** Every price component is zero. */
export function isFreePricing(pricing: Pricing): boolean {
  return (
    pricing.prompt === 0n &&
    pricing.completion === 0n &&
    pricing.request === 0n &&
    pricing.image === 0n &&
    (pricing.inputCacheRead ?? 0n) === 0n &&
    (pricing.inputCacheWrite ?? 0n) === 0n &&
    (pricing.internalReasoning ?? 0n) === 0n
  );
}

function maximum(a: Picodollars, b: Picodollars): Picodollars {
  return a > b ? a : b;
}
