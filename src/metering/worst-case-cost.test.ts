import { describe, expect, it } from 'vitest';
import type { Endpoint, Pricing } from '../catalog/catalog-types.js';
import { affordableCompletionTokens, isFreePricing, worstCaseCost } from './worst-case-cost.js';

function endpoint(id: string, pricing: Partial<Pricing>, limits: { contextLength?: number; maxCompletionTokens?: number | null } = {}): Endpoint {
  return {
    id, modelId: 'thudm/glm-4-32b', tag: id, upstreamModel: id, contextLength: limits.contextLength ?? 32_768,
    maxCompletionTokens: limits.maxCompletionTokens ?? null, maxPromptTokens: null, quantization: 'fp8', supportedParameters: [], inputModalities: ['text'],
    provider: {} as Endpoint['provider'],
    pricing: { prompt: 0n, completion: 0n, request: 0n, image: 0n, ...pricing },
  };
}

describe('worstCaseCost', () => {
  // $0.24 / M tokens = 240,000 picodollars per token; $1.50 / M = 1,500,000.
  const cheap = endpoint('cheap', { prompt: 240_000n, completion: 240_000n }, { maxCompletionTokens: 8192 });
  const dear = endpoint('dear', { prompt: 500_000n, completion: 1_500_000n, request: 2_000_000_000n, image: 1_000_000_000n });

  it('prices the costliest endpoint of the plan: prompt bound, max_tokens, request fee and images', () => {
    const worst = worstCaseCost([cheap, dear], { promptTokens: 1000, images: 2, maxTokens: 100 });
    // 1000 × 500,000 + 2,000,000,000 + 2 × 1,000,000,000 = 4,500,000,000 fixed; 100 × 1,500,000 completion.
    expect(worst).toEqual({ amount: 4_650_000_000n, completionTokens: 100, fixed: 4_500_000_000n, completionPrice: 1_500_000n });
    expect(affordableCompletionTokens(worst, 4_560_000_000n)).toBe(40);
    expect(affordableCompletionTokens(worst, 1n)).toBe(0);
  });

  it('without max_tokens assumes the endpoint\'s max completion, else its whole context', () => {
    expect(worstCaseCost([cheap], { promptTokens: 10, images: 0, maxTokens: undefined }).completionTokens).toBe(8192);
    expect(worstCaseCost([dear], { promptTokens: 10, images: 0, maxTokens: undefined }).completionTokens).toBe(32_768);
    // A prompt bound beyond the context is capped by it.
    expect(worstCaseCost([cheap], { promptTokens: 1e9, images: 0, maxTokens: 1 }).fixed).toBe(32_768n * 240_000n);
  });

  it('bills each token at the highest rate it could be charged: cache writes, reasoning', () => {
    const cached = endpoint('cached', { prompt: 3_000_000n, completion: 15_000_000n, inputCacheWrite: 3_750_000n, inputCacheRead: 300_000n, internalReasoning: 20_000_000n });
    expect(worstCaseCost([cached], { promptTokens: 100, images: 0, maxTokens: 10 }).amount).toBe(100n * 3_750_000n + 10n * 20_000_000n);
  });

  it('a free endpoint costs nothing, and only all-zero pricing is free', () => {
    const free = endpoint('free', {});
    expect(worstCaseCost([free], { promptTokens: 100, images: 1, maxTokens: 10 }).amount).toBe(0n);
    expect(isFreePricing(free.pricing)).toBe(true);
    expect(isFreePricing({ ...free.pricing, request: 1n })).toBe(false);
    expect(isFreePricing({ ...free.pricing, inputCacheRead: 1n })).toBe(false);
  });
});
