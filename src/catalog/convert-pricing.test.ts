import { describe, expect, it } from 'vitest';
import { convertPricing } from './convert-pricing.js';

function convert(pricing: Parameters<typeof convertPricing>[0]) {
  const errors: string[] = [];
  const result = convertPricing(pricing, ['models', 0, 'endpoints', 0, 'pricing'], errors);
  return { result, errors };
}

describe('convertPricing', () => {
  it('converts USD per million tokens and per unit to exact picodollars', () => {
    const { result, errors } = convert({
      prompt: 0.24,
      completion: '0.24',
      request: 0.0001,
      image: 0.001,
      input_cache_read: 0.03,
      internal_reasoning: 2.5,
    });
    expect(errors).toEqual([]);
    expect(result).toEqual({
      prompt: 240_000n,
      completion: 240_000n,
      request: 100_000_000n,
      image: 1_000_000_000n,
      inputCacheRead: 30_000n,
      internalReasoning: 2_500_000n,
    });
  });

  it('keeps free endpoints at zero', () => {
    expect(convert({ prompt: 0, completion: 0, request: 0, image: 0 }).result).toEqual({
      prompt: 0n,
      completion: 0n,
      request: 0n,
      image: 0n,
    });
  });

  it('rejects prices that are negative, not decimals, or finer than a picodollar', () => {
    const { errors } = convert({ prompt: 0.0000001, completion: -1, request: '0.0000000000001', image: 'cheap' });
    expect(errors).toEqual([
      'models[0].endpoints[0].pricing.prompt: price 0.0000001 USD per million tokens has more precision than picodollars can hold exactly',
      'models[0].endpoints[0].pricing.completion: price -1 must not be negative',
      'models[0].endpoints[0].pricing.request: price 0.0000000000001 USD has more precision than picodollars can hold exactly',
      'models[0].endpoints[0].pricing.image: price "cheap" is not a plain decimal number',
    ]);
  });
});
