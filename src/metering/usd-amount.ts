import { usdToPicodollars, type Picodollars } from '../spec/money.js';

/** A credit top-up or key limit above this is a typo, not a budget. */
export const MAX_USD_AMOUNT = 1_000_000_000;

/**
 * Reads a USD amount as written by a person (a number, or a decimal string such as "25" or
 * "12.50") exactly into picodollars. Returns a message saying what is wrong instead: not a
 * number, negative (or zero when `positive`), above the maximum, or finer than a picodollar.
 */
export function parseUsdAmount(value: unknown, field: string, options: { positive: boolean }): { ok: true; amount: Picodollars } | { ok: false; message: string } {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (text === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    return { ok: false, message: `${field} must be a number of USD, got ${JSON.stringify(value)}` };
  }
  const number = Number(text);
  if (number < 0 || text.startsWith('-')) return { ok: false, message: `${field} must not be negative, got ${text}` };
  if (options.positive && number === 0) return { ok: false, message: `${field} must be more than 0` };
  if (number > MAX_USD_AMOUNT) return { ok: false, message: `${field} must be at most ${MAX_USD_AMOUNT} USD, got ${text}` };
  const amount = usdToPicodollars(typeof value === 'number' ? value : text);
  if (amount === null) return { ok: false, message: `${field} has more decimals than a picodollar (12), got ${text}` };
  return { ok: true, amount };
}
