/**
 * Money is exact: an integer count of picodollars (1e-12 USD) held in a bigint. A price of
 * $0.24 per million tokens is 240,000 picodollars per token, so every token count times every
 * catalog price is an integer and sums never drift. Values cross the wire as USD numbers,
 * converted through decimal strings, never through float arithmetic.
 */
export type Picodollars = bigint;

const PICO_DIGITS = 12;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal (string, or a number via its shortest round-trip text) into
 * an integer scaled by 10^scaleDigits. Returns null when it is not a plain non-negative
 * decimal or has more fractional digits than the scale can hold exactly.
 */
export function parseScaledDecimal(value: string | number, scaleDigits: number): bigint | null {
  let text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  if (text === null) return null;
  if (text.startsWith('+')) text = text.slice(1);
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > scaleDigits) return null;
  return BigInt(whole + fraction.padEnd(scaleDigits, '0'));
}

function numberToPlainString(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Exponent form (1e-7): expand exactly via toFixed with enough digits, then trim.
  const fixed = value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  return fixed;
}

/** USD (e.g. a key limit of 12.5) to picodollars; null when negative or not exact. */
export function usdToPicodollars(usd: string | number): Picodollars | null {
  return parseScaledDecimal(usd, PICO_DIGITS);
}

/** Picodollars as a plain USD decimal string ("0.00004608"), exact. */
export function picodollarsToUsdString(amount: Picodollars): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(PICO_DIGITS + 1, '0');
  const whole = digits.slice(0, -PICO_DIGITS);
  const fraction = digits.slice(-PICO_DIGITS).replace(/0+$/, '');
  return (negative ? '-' : '') + (fraction ? `${whole}.${fraction}` : whole);
}

const EXACT_DOUBLE_LIMIT = 2n ** 53n;

/** Picodollars as a USD number for JSON output: the closest double to the exact value (no
 * accumulated drift). Below 2^53 both operands of the division are exact doubles and IEEE
 * division rounds correctly, which gives the same double as parsing the exact decimal. */
export function picodollarsToUsd(amount: Picodollars): number {
  if (amount < EXACT_DOUBLE_LIMIT && amount > -EXACT_DOUBLE_LIMIT) return Number(amount) / 1e12;
  return Number(picodollarsToUsdString(amount));
}

/** A per-million-tokens USD price to picodollars per token. */
export function perMillionToPicodollarsPerToken(usdPerMillion: string | number): Picodollars | null {
  // USD per 1e6 tokens = usd * 1e12 / 1e6 picodollars per token.
  return parseScaledDecimal(usdPerMillion, 6);
}
