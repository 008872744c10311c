import { describe, expect, it } from 'vitest';
import { formatCost, formatPricePerMillion, formatTokens } from './format.js';

describe('formats', () => {
  it('shows per-token prices per million tokens, exactly, with cents', () => {
    expect(formatPricePerMillion(240_000n)).toBe('$0.24');
    expect(formatPricePerMillion(100_000n)).toBe('$0.10');
    expect(formatPricePerMillion(1_000_000n)).toBe('$1.00');
    expect(formatPricePerMillion(123_456n)).toBe('$0.1234');
    expect(formatPricePerMillion(0n)).toBe('free');
  });

  it('shows costs without rounding a non-zero cost to zero', () => {
    expect(formatCost(0n)).toBe('$0');
    expect(formatCost(13_680_000n)).toBe('$0.000013');
    expect(formatCost(5n)).toBe('$0.000000000005');
    expect(formatCost(2_500_000_000_000n)).toBe('$2.5');
  });

  it('abbreviates token counts', () => {
    expect(formatTokens(999)).toBe('999');
    expect(formatTokens(1_000)).toBe('1K');
    expect(formatTokens(5_650_000)).toBe('5.7M');
  });
});
