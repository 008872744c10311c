import { describe, expect, it } from 'vitest';
import { parseUsdAmount } from './usd-amount.js';

describe('parseUsdAmount', () => {
  it('reads numbers and decimal strings exactly', () => {
    expect(parseUsdAmount(25, 'amount', { positive: true })).toEqual({ ok: true, amount: 25_000_000_000_000n });
    expect(parseUsdAmount('12.50', 'amount', { positive: true })).toEqual({ ok: true, amount: 12_500_000_000_000n });
    expect(parseUsdAmount(0.1, 'amount', { positive: true })).toEqual({ ok: true, amount: 100_000_000_000n });
    expect(parseUsdAmount('0', 'limit', { positive: false })).toEqual({ ok: true, amount: 0n });
  });

  it('refuses non-numeric, negative, zero, absurd and over-precise amounts with the reason', () => {
    const message = (value: unknown, positive = true) => {
      const result = parseUsdAmount(value, 'amount', { positive });
      return result.ok ? '' : result.message;
    };
    expect(message('ten')).toBe('amount must be a number of USD, got "ten"');
    expect(message(Number.NaN)).toMatch(/must be a number/);
    expect(message(null)).toMatch(/must be a number/);
    expect(message(-5)).toBe('amount must not be negative, got -5');
    expect(message('-0')).toMatch(/must not be negative/);
    expect(message(0)).toBe('amount must be more than 0');
    expect(message('1e12')).toMatch(/must be at most 1000000000 USD/);
    expect(message('0.0000000000001')).toMatch(/more decimals than a picodollar/);
  });
});
