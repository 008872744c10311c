import { describe, expect, it } from 'vitest';
import { picodollarsToUsd, picodollarsToUsdString } from './money.js';

describe('picodollarsToUsd', () => {
  it('is the double nearest the exact decimal, for amounts on both sides of 2^53', () => {
    // A deterministic spread: small costs, awkward fractions, values near and above 2^53.
    const amounts: bigint[] = [0n, 1n, 7n, 13_800_000n, 46_080_000n, 123_456_789_012_345n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 20n + 3n];
    let seed = 0x2545f491n;
    for (let index = 0; index < 20_000; index++) {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      amounts.push(seed >> BigInt(index % 50));
    }
    for (const amount of amounts) {
      for (const signed of [amount, -amount]) {
        expect(picodollarsToUsd(signed)).toBe(Number(picodollarsToUsdString(signed)));
      }
    }
    expect(picodollarsToUsd(13_800_000n)).toBe(0.0000138);
  });
});
