import type { Provider } from '../../catalog/catalog-types.js';

/** One row of `GET /providers`; never the base URL or key. */
export function encodeProvider(provider: Provider): Record<string, unknown> {
  return {
    name: provider.name,
    slug: provider.slug,
    privacy_policy_url: provider.privacyPolicyUrl ?? null,
    terms_of_service_url: provider.termsOfServiceUrl ?? null,
    status_page_url: provider.statusPageUrl ?? null,
  };
}
