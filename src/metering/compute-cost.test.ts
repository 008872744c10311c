import { describe, expect, it } from 'vitest';
import type { Pricing } from '../catalog/catalog-types.js';
import { perMillionToPicodollarsPerToken, picodollarsToUsdString } from '../spec/money.js';
import { computeChargedCost, computeCost, isInsuredZeroCompletion, ZERO_COST } from './compute-cost.js';

/** $X per million tokens is X * 1e6 picodollars per token. */
function perMillion(usd: string): bigint {
  const price = perMillionToPicodollarsPerToken(usd);
  if (price === null) throw new Error(`bad price ${usd}`);
  return price;
}

// thudm/glm-4-32b: $0.24 / $0.24 per million tokens.
const glm: Pricing = { prompt: perMillion('0.24'), completion: perMillion('0.24'), request: 0n, image: 0n };

// Claude-style caching prices: $3 in, $15 out, $0.30 cache read, $3.75 cache write (per million).
const cachingModel: Pricing = {
  prompt: perMillion('3'),
  completion: perMillion('15'),
  request: 0n,
  image: 0n,
  inputCacheRead: perMillion('0.3'),
  inputCacheWrite: perMillion('3.75'),
};

describe('computeCost', () => {
  it('prices prompt and completion tokens (glm-4-32b)', () => {
    expect(glm.prompt).toBe(240_000n);
    // (1234 + 567) * 240,000 = 1801 * 240,000 = 432,240,000 pico = $0.00043224
    const cost = computeCost({ promptTokens: 1234, completionTokens: 567 }, glm);
    expect(cost.prompt).toBe(296_160_000n); // 1234 * 240,000
    expect(cost.completion).toBe(136_080_000n); // 567 * 240,000
    expect(cost.total).toBe(432_240_000n);
    expect(picodollarsToUsdString(cost.total)).toBe('0.00043224');
    expect(cost.cacheDiscount).toBe(0n);
  });

  it('prices cache reads and writes at their own rates and reports the discount', () => {
    // prompt 10,000 = 6,000 cached + 2,000 written + 2,000 uncached; completion 500.
    const cost = computeCost(
      { promptTokens: 10_000, completionTokens: 500, cachedTokens: 6_000, cacheWriteTokens: 2_000 },
      cachingModel,
    );
    expect(cost.prompt).toBe(6_000_000_000n); // 2,000 * 3,000,000
    expect(cost.cacheRead).toBe(1_800_000_000n); // 6,000 * 300,000
    expect(cost.cacheWrite).toBe(7_500_000_000n); // 2,000 * 3,750,000
    expect(cost.completion).toBe(7_500_000_000n); // 500 * 15,000,000
    // 6e9 + 1.8e9 + 7.5e9 + 7.5e9 = 22.8e9 pico = $0.0228
    expect(cost.total).toBe(22_800_000_000n);
    expect(picodollarsToUsdString(cost.total)).toBe('0.0228');
    // saved: 6,000 * (3,000,000 - 300,000) = 16.2e9; premium: 2,000 * (3,750,000 - 3,000,000) = 1.5e9
    expect(cost.cacheDiscount).toBe(14_700_000_000n);
  });

  it('reports a negative discount when only cache writes happened', () => {
    // 4,000 written tokens pay a 750,000 premium each: -3,000,000,000
    const cost = computeCost({ promptTokens: 4_000, completionTokens: 10, cacheWriteTokens: 4_000 }, cachingModel);
    expect(cost.prompt).toBe(0n);
    expect(cost.cacheWrite).toBe(15_000_000_000n); // 4,000 * 3,750,000
    expect(cost.completion).toBe(150_000_000n); // 10 * 15,000,000
    expect(cost.total).toBe(15_150_000_000n);
    expect(cost.cacheDiscount).toBe(-3_000_000_000n);
  });

  it('prices cache reads and writes at the prompt price when the endpoint has no cache prices', () => {
    // 100 uncached + 700 cached + 200 written, all at 240,000: 1,000 * 240,000 = 240,000,000
    const cost = computeCost(
      { promptTokens: 1_000, completionTokens: 0, cachedTokens: 700, cacheWriteTokens: 200 },
      glm,
    );
    expect(cost.prompt).toBe(24_000_000n); // 100 * 240,000
    expect(cost.cacheRead).toBe(168_000_000n); // 700 * 240,000
    expect(cost.cacheWrite).toBe(48_000_000n); // 200 * 240,000
    expect(cost.total).toBe(240_000_000n);
    expect(cost.cacheDiscount).toBe(0n);
  });

  it('prices reasoning separately only when the endpoint has an internal reasoning price', () => {
    const reasoningModel: Pricing = {
      prompt: perMillion('1.1'),
      completion: perMillion('4.4'),
      request: 0n,
      image: 0n,
      internalReasoning: perMillion('2'),
    };
    const usage = { promptTokens: 0, completionTokens: 1_000, reasoningTokens: 800 };
    const split = computeCost(usage, reasoningModel);
    expect(split.reasoning).toBe(1_600_000_000n); // 800 * 2,000,000
    expect(split.completion).toBe(880_000_000n); // (1,000 - 800) * 4,400,000
    expect(split.total).toBe(2_480_000_000n);

    // Without an internal reasoning price, all 1,000 tokens are completion: 1,000 * 4,400,000
    const { internalReasoning: _unused, ...plainPricing } = reasoningModel;
    const plain = computeCost(usage, plainPricing);
    expect(plain.reasoning).toBe(0n);
    expect(plain.completion).toBe(4_400_000_000n);
    expect(plain.total).toBe(4_400_000_000n);
  });

  it('charges the request fee once, even with no tokens', () => {
    // $0.005 per request = 5,000,000,000 pico
    const pricing: Pricing = { ...glm, request: 5_000_000_000n };
    expect(computeCost({ promptTokens: 0, completionTokens: 0 }, pricing).total).toBe(5_000_000_000n);
    // 10 prompt tokens: 10 * 240,000 = 2,400,000, plus the fee once
    const cost = computeCost({ promptTokens: 10, completionTokens: 0 }, pricing);
    expect(cost.request).toBe(5_000_000_000n);
    expect(cost.total).toBe(5_002_400_000n);
  });

  it('prices prompt images per image', () => {
    // $0.001445 per image = 1,445,000,000 pico; 3 images = 4,335,000,000
    const pricing: Pricing = { ...glm, image: 1_445_000_000n };
    const cost = computeCost({ promptTokens: 100, completionTokens: 0, promptImages: 3 }, pricing);
    expect(cost.image).toBe(4_335_000_000n);
    expect(cost.total).toBe(4_335_000_000n + 24_000_000n); // + 100 * 240,000
  });

  it('sums a million requests exactly where floats drift', () => {
    // $0.1 and $0.2 per million: 100,000 + 200,000 = 300,000 pico per 1+1 token request.
    const pricing: Pricing = { prompt: perMillion('0.1'), completion: perMillion('0.2'), request: 0n, image: 0n };
    let exact = 0n;
    let floating = 0;
    for (let index = 0; index < 1_000_000; index += 1) {
      exact += computeCost({ promptTokens: 1, completionTokens: 1 }, pricing).total;
      floating += 0.1e-6 + 0.2e-6;
    }
    // 1,000,000 * 300,000 = 3e11 pico = exactly $0.3
    expect(exact).toBe(300_000_000_000n);
    expect(picodollarsToUsdString(exact)).toBe('0.3');
    expect(floating).not.toBe(0.3);
  });

  it('clamps nonsense usage instead of billing negative or fractional tokens', () => {
    const negative = computeCost({ promptTokens: -5, completionTokens: 12.5, reasoningTokens: -1 }, glm);
    expect(negative.total).toBe(0n);
    const notANumber = computeCost({ promptTokens: Number.NaN, completionTokens: Number.POSITIVE_INFINITY }, glm);
    expect(notANumber.total).toBe(0n);

    // cached 5,000 > prompt 1,000: all 1,000 are cache reads, none uncached.
    const overCached = computeCost({ promptTokens: 1_000, completionTokens: 0, cachedTokens: 5_000 }, cachingModel);
    expect(overCached.prompt).toBe(0n);
    expect(overCached.cacheRead).toBe(300_000_000n); // 1,000 * 300,000

    // cached 600 + written 600 > prompt 1,000: writes clamp to the remaining 400.
    const overWritten = computeCost(
      { promptTokens: 1_000, completionTokens: 0, cachedTokens: 600, cacheWriteTokens: 600 },
      cachingModel,
    );
    expect(overWritten.cacheWrite).toBe(1_500_000_000n); // 400 * 3,750,000
    expect(overWritten.prompt).toBe(0n);

    // reasoning 50 > completion 20 clamps to 20: 20 * 2,000,000, no plain completion left.
    const overReasoned = computeCost(
      { promptTokens: 0, completionTokens: 20, reasoningTokens: 50 },
      { ...glm, internalReasoning: 2_000_000n },
    );
    expect(overReasoned.reasoning).toBe(40_000_000n);
    expect(overReasoned.completion).toBe(0n);
  });
});

describe('zero-completion insurance', () => {
  it('insures empty completions with no or an error finish reason', () => {
    expect(isInsuredZeroCompletion(0, null)).toBe(true);
    expect(isInsuredZeroCompletion(0, undefined)).toBe(true);
    expect(isInsuredZeroCompletion(0, '')).toBe(true);
    expect(isInsuredZeroCompletion(0, 'error')).toBe(true);
  });

  it('charges empty completions that finished normally, and any non-empty completion', () => {
    expect(isInsuredZeroCompletion(0, 'stop')).toBe(false);
    expect(isInsuredZeroCompletion(0, 'length')).toBe(false);
    expect(isInsuredZeroCompletion(1, null)).toBe(false);
    expect(isInsuredZeroCompletion(1, 'error')).toBe(false);
  });

  it('charges nothing at all, request fee included, for an insured generation', () => {
    const pricing: Pricing = { ...glm, request: 5_000_000_000n };
    const usage = { promptTokens: 1234, completionTokens: 0 };
    expect(computeChargedCost(usage, pricing, 'error')).toEqual(ZERO_COST);
    // Not insured: 1234 * 240,000 + 5e9 fee
    expect(computeChargedCost(usage, pricing, 'stop').total).toBe(5_296_160_000n);
  });
});
