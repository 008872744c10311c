import { picodollarsToUsdString, type Picodollars } from '../spec/money.js';

/** Display formats shared by the pages. Exact money in, rounded text out. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** 1234 → "1.2K", 5_600_000 → "5.6M": token counts at a glance. */
export function formatTokens(value: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, suffix] of units) if (value >= size) return `${trimZero((value / size).toFixed(1))}${suffix}`;
  return formatInteger(value);
}

/** A per-token price (picodollars) as USD per million tokens: "$0.24", "free". */
export function formatPricePerMillion(perToken: Picodollars): string {
  if (perToken === 0n) return 'free';
  // picodollars per token × 1e6 tokens = picodollars per million; as USD that is exact.
  const [whole, fraction = ''] = roundUsd(picodollarsToUsdString(perToken * 1_000_000n), 4).split('.');
  return `$${whole}.${fraction.padEnd(2, '0')}`;
}

/** A cost: "$0.000123" (six decimals, never rounded to zero when it is not zero). */
export function formatCost(amount: Picodollars): string {
  if (amount === 0n) return '$0';
  const text = picodollarsToUsdString(amount);
  const rounded = roundUsd(text, 6);
  return `$${rounded === '0' ? text : rounded}`;
}

/** Truncates (never float-rounds) a USD decimal string to `digits` fraction digits. */
function roundUsd(text: string, digits: number): string {
  const [whole, fraction = ''] = text.split('.');
  const kept = fraction.slice(0, digits).replace(/0+$/, '');
  return kept ? `${whole}.${kept}` : (whole ?? '0');
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** Unix seconds → "2025-04-17". */
export function formatDateSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Unix ms → "2025-04-17 12:03:04 UTC". */
export function formatTimestamp(unixMs: number): string {
  return `${new Date(unixMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatMs(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${formatInteger(value)} ms`;
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${trimZero(value.toFixed(1))}%`;
}
