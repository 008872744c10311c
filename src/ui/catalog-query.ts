import { topEndpoint } from '../api/catalog/encode-model.js';
import type { Model } from '../catalog/catalog-types.js';
import { perMillionToPicodollarsPerToken } from '../spec/money.js';

export type CatalogSort = 'newest' | 'price' | 'context' | 'tokens';

/** The catalog page's filters, read from the query string. Values it does not understand are dropped. */
export interface CatalogQuery {
  search: string;
  inputModality: string | null;
  outputModality: string | null;
  /** Minimum context length in tokens. */
  minContext: number | null;
  /** `free`, or a maximum prompt price in USD per million tokens (as written). */
  price: string | null;
  provider: string | null;
  sort: CatalogSort;
}

export const CONTEXT_CHOICES = [4_000, 16_000, 32_000, 64_000, 128_000, 256_000, 1_000_000] as const;
export const PRICE_CHOICES = ['free', '0.1', '0.5', '1', '5'] as const;
export const SORT_CHOICES: readonly CatalogSort[] = ['newest', 'price', 'context', 'tokens'];
const MAX_SEARCH = 100;

type Query = Record<string, unknown>;

/** The first value of a parameter when it is a plain string (repeated or odd values count as absent). */
function text(query: Query, name: string): string | null {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

export function parseCatalogQuery(query: Query, known: { modalities: Set<string>; providers: Set<string> }): CatalogQuery {
  const input = text(query, 'input');
  const output = text(query, 'output');
  const context = Number(text(query, 'context'));
  const price = text(query, 'price');
  const provider = text(query, 'provider');
  const sort = text(query, 'sort');
  return {
    search: (text(query, 'q') ?? '').trim().slice(0, MAX_SEARCH),
    inputModality: input && known.modalities.has(input) ? input : null,
    outputModality: output && known.modalities.has(output) ? output : null,
    minContext: Number.isSafeInteger(context) && context > 0 ? context : null,
    price: price && (price === 'free' || perMillionToPicodollarsPerToken(price) !== null) ? price : null,
    provider: provider && known.providers.has(provider) ? provider : null,
    sort: SORT_CHOICES.find((choice) => choice === sort) ?? 'newest',
  };
}

/** Models that pass every filter, in the chosen order. */
export function selectModels(models: Model[], query: CatalogQuery, weeklyTokens: Map<string, number>): Model[] {
  const needle = query.search.toLowerCase();
  const maxPrice = query.price && query.price !== 'free' ? perMillionToPicodollarsPerToken(query.price) : null;
  const selected = models.filter((model) => {
    if (needle && !searchText(model).includes(needle)) return false;
    if (query.inputModality && !model.inputModalities.includes(query.inputModality)) return false;
    if (query.outputModality && !model.outputModalities.includes(query.outputModality)) return false;
    if (query.minContext !== null && model.contextLength < query.minContext) return false;
    if (query.provider && !model.endpoints.some((endpoint) => endpoint.provider.slug === query.provider)) return false;
    const top = topEndpoint(model);
    if (query.price === 'free' && (!top || top.pricing.prompt !== 0n || top.pricing.completion !== 0n)) return false;
    if (maxPrice !== null && (!top || top.pricing.prompt > maxPrice)) return false;
    return true;
  });
  const price = (model: Model): bigint => {
    const top = topEndpoint(model);
    return top ? top.pricing.prompt + top.pricing.completion : 0n;
  };
  const compare: Record<CatalogSort, (a: Model, b: Model) => number> = {
    newest: (a, b) => b.created - a.created,
    price: (a, b) => (price(a) === price(b) ? 0 : price(a) < price(b) ? -1 : 1),
    context: (a, b) => b.contextLength - a.contextLength,
    tokens: (a, b) => (weeklyTokens.get(b.id) ?? 0) - (weeklyTokens.get(a.id) ?? 0),
  };
  return selected.sort((a, b) => compare[query.sort](a, b) || a.id.localeCompare(b.id));
}

/** Lower-case name and slug, what the search box matches (the page's script uses the same). */
export function searchText(model: Model): string {
  return `${model.name} ${model.id}`.toLowerCase();
}
