/**
 * OpenRouter prices are USD per token as decimal strings ("0.00000015"); the config's are USD
 * per million. Shifting the decimal point six places on the digits keeps the value exact,
 * where `Number(x) * 1e6` would not (0.00000015 * 1e6 = 0.15000000000000002).
 * Null for anything that is not a non-negative decimal (OpenRouter's "-1" means "varies").
 */
export function perTokenToPerMillion(value: string | number): string | null {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const match = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0') + 6;
  const digits = whole + fraction;
  // Position of the decimal point within `digits` after scaling.
  const point = whole.length + exponent;
  const padded = point < 0 ? '0'.repeat(-point) + digits : point > digits.length ? digits + '0'.repeat(point - digits.length) : digits;
  const at = Math.max(point, 0);
  const integer = padded.slice(0, at).replace(/^0+(?=\d)/, '') || '0';
  const decimals = padded.slice(at).replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : 'NaN';
}
