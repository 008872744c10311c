import type { Catalog, Model } from '../catalog/catalog-types.js';
import { GatewayError } from '../spec/errors.js';

/** Dynamic variants work on any model: they change the ordering, not the catalog entry. */
export type DynamicVariant = 'nitro' | 'floor';
const DYNAMIC_VARIANTS: ReadonlySet<string> = new Set<DynamicVariant>(['nitro', 'floor']);

export interface ResolvedModel {
  model: Model;
  variant: DynamicVariant | null;
}

/**
 * Finds the catalog entry for a slug. A static variant (`:free`) is its own entry; a dynamic
 * one (`:nitro`, `:floor`) resolves to the base model; anything else is a clear 400.
 */
export function resolveModel(catalog: Catalog, slug: string): ResolvedModel {
  const exact = catalog.models.get(slug);
  if (exact) return { model: exact, variant: null };
  const colon = slug.lastIndexOf(':');
  if (colon > 0) {
    const base = slug.slice(0, colon);
    const variant = slug.slice(colon + 1);
    const baseModel = catalog.models.get(base);
    if (baseModel && DYNAMIC_VARIANTS.has(variant)) return { model: baseModel, variant: variant as DynamicVariant };
    if (baseModel) {
      throw new GatewayError('bad_request', `${slug} is not a valid model ID: unknown variant ":${variant}" (known: :nitro, :floor, or a static variant listed in /models)`, {
        metadata: { availability: { code: 'model_not_found', requested_models: [slug] } },
      });
    }
  }
  throw new GatewayError('bad_request', `${slug} is not a valid model ID`, {
    metadata: { availability: { code: 'model_not_found', requested_models: [slug] } },
  });
}
