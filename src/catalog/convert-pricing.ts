import type { Pricing } from './catalog-types.js';
import type { PricingConfig } from './config-schema.js';
import { configError } from './config-path.js';
import { perMillionToPicodollarsPerToken, usdToPicodollars, type Picodollars } from '../spec/money.js';

type TokenPriceField = 'prompt' | 'completion' | 'input_cache_read' | 'input_cache_write' | 'internal_reasoning';

/**
 * Config prices (USD per million tokens; USD per request and per image) to exact picodollars.
 * A price that is negative, not a decimal, or finer than a picodollar can hold is an error
 * at its path rather than a silently rounded bill.
 */
export function convertPricing(
  pricing: PricingConfig,
  path: readonly PropertyKey[],
  errors: string[],
): Pricing {
  const perToken = (field: TokenPriceField): Picodollars | undefined => {
    const value = pricing[field];
    if (value === undefined) return undefined;
    return checked(value, perMillionToPicodollarsPerToken(value), 'USD per million tokens', [...path, field], errors);
  };
  const perUnit = (field: 'request' | 'image'): Picodollars =>
    checked(pricing[field], usdToPicodollars(pricing[field]), 'USD', [...path, field], errors);

  const converted: Pricing = {
    prompt: perToken('prompt') ?? 0n,
    completion: perToken('completion') ?? 0n,
    request: perUnit('request'),
    image: perUnit('image'),
  };
  const inputCacheRead = perToken('input_cache_read');
  const inputCacheWrite = perToken('input_cache_write');
  const internalReasoning = perToken('internal_reasoning');
  if (inputCacheRead !== undefined) converted.inputCacheRead = inputCacheRead;
  if (inputCacheWrite !== undefined) converted.inputCacheWrite = inputCacheWrite;
  if (internalReasoning !== undefined) converted.internalReasoning = internalReasoning;
  return converted;
}

function checked(
  written: number | string,
  converted: Picodollars | null,
  unit: string,
  path: PropertyKey[],
  errors: string[],
): Picodollars {
  if (converted !== null) return converted;
  errors.push(configError(path, describeBadPrice(written, unit)));
  return 0n;
}

function describeBadPrice(written: number | string, unit: string): string {
  if (typeof written === 'string') {
    const text = written.trim();
    if (!/^[+-]?\d+(?:\.\d+)?$/.test(text)) return `price ${JSON.stringify(written)} is not a plain decimal number`;
    if (text.startsWith('-')) return `price ${text} must not be negative`;
    return `price ${text} ${unit} has more precision than picodollars can hold exactly`;
  }
  if (!Number.isFinite(written)) return `price ${written} is not a finite number`;
  if (written < 0) return `price ${plainNumber(written)} must not be negative`;
  return `price ${plainNumber(written)} ${unit} has more precision than picodollars can hold exactly`;
}

/** 1e-7 as the operator wrote it, 0.0000001. */
function plainNumber(value: number): string {
  const text = String(value);
  if (!/e-/i.test(text)) return text;
  return value.toFixed(20).replace(/0+$/, '');
}
