import type { Pricing } from '../../catalog/catalog-types.js';
import { picodollarsToUsdString } from '../../spec/money.js';

/** S:PublicPricing: USD per token (per unit for request and image) as decimal strings. */
export function encodePricing(pricing: Pricing): Record<string, string> {
  const out: Record<string, string> = {
    prompt: picodollarsToUsdString(pricing.prompt),
    completion: picodollarsToUsdString(pricing.completion),
    request: picodollarsToUsdString(pricing.request),
    image: picodollarsToUsdString(pricing.image),
    web_search: '0',
    internal_reasoning: picodollarsToUsdString(pricing.internalReasoning ?? 0n),
  };
  if (pricing.inputCacheRead !== undefined) out.input_cache_read = picodollarsToUsdString(pricing.inputCacheRead);
  if (pricing.inputCacheWrite !== undefined) out.input_cache_write = picodollarsToUsdString(pricing.inputCacheWrite);
  return out;
}
