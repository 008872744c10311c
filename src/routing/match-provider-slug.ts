import type { Endpoint } from '../catalog/catalog-types.js';

/**
 * OpenRouter's slug matching: a base slug (`deepinfra`) matches every endpoint of that
 * provider, a full tag (`deepinfra/turbo`) matches one. Case-insensitive, and the display name
 * is accepted too, as the spec's ProviderName enum does.
 */
export function matchesProviderSlug(endpoint: Endpoint, slug: string): boolean {
  const wanted = slug.toLowerCase();
  if (wanted.includes('/')) return endpoint.tag.toLowerCase() === wanted;
  return endpoint.provider.slug.toLowerCase() === wanted || endpoint.provider.name.toLowerCase() === wanted;
}
