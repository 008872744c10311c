import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { ProviderPreferences, RoutingDirectives } from '../spec/routing-directives.js';
import { matchesProviderSlug } from './match-provider-slug.js';

/**
 * The hard filters of provider routing: each removes endpoints that cannot or must not serve
 * the request, and says which filter did it, so a "no endpoint" error can explain itself.
 */

/** Which filter removed an endpoint (stable names, for `error.metadata.removed_endpoints[].filter`). */
export type EndpointFilter =
  | 'adapter'
  | 'only'
  | 'ignore'
  | 'order'
  | 'data_collection'
  | 'zdr'
  | 'quantizations'
  | 'max_price'
  | 'require_parameters'
  | 'input_modalities'
  | 'max_tokens'
  | 'context_length'
  | 'retry_after';

export interface Removal {
  filter: EndpointFilter;
  reason: string;
}

/** What the filters need, computed once per request. */
export interface FilterContext {
  preferences: ProviderPreferences;
  sentParameters: string[];
  completionTokens: number;
  hasImages: boolean;
  /** Price limits in picodollars (per token for prompt/completion, per unit otherwise). */
  maxPrice: { prompt?: bigint; completion?: bigint; request?: bigint; image?: bigint } | undefined;
  hasAdapter: (protocol: string) => boolean;
  promptTokenUpperBound: number;
  /** Exact prompt tokens with the model's tokenizer (called only when the bound does not fit). */
  promptTokens: (model: Model) => number;
}

export function createFilterContext(
  directives: RoutingDirectives,
  request: ChatRequest,
  hasAdapter: (protocol: string) => boolean,
  promptTokenUpperBound: number,
  promptTokens: (model: Model) => number,
): FilterContext {
  const limits = directives.provider.maxPrice;
  let maxPrice: FilterContext['maxPrice'];
  if (limits) {
    maxPrice = {};
    // USD per million tokens → picodollars per token is × 10⁶; USD per unit → picodollars is × 10¹².
    if (limits.prompt !== undefined) maxPrice.prompt = BigInt(Math.round(limits.prompt * 1e6));
    if (limits.completion !== undefined) maxPrice.completion = BigInt(Math.round(limits.completion * 1e6));
    if (limits.request !== undefined) maxPrice.request = BigInt(Math.round(limits.request * 1e12));
    if (limits.image !== undefined) maxPrice.image = BigInt(Math.round(limits.image * 1e12));
  }
  return {
    preferences: directives.provider,
    sentParameters: directives.sentParameters,
    completionTokens: request.maxTokens ?? 0,
    hasImages: requestHasImages(request),
    maxPrice,
    hasAdapter,
    promptTokenUpperBound,
    promptTokens,
  };
}

function requestHasImages(request: ChatRequest): boolean {
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    for (const part of message.content) if (part.type === 'image') return true;
  }
  return false;
}

/** Why `endpoint` cannot serve the request, or null when it can. */
export function removalFor(endpoint: Endpoint, model: Model, context: FilterContext): Removal | null {
  const { preferences } = context;
  const { provider } = endpoint;
  if (!context.hasAdapter(provider.adapter)) return { filter: 'adapter', reason: `adapter "${provider.adapter}" is not available` };
  if (preferences.only && !preferences.only.some((slug) => matchesProviderSlug(endpoint, slug))) return { filter: 'only', reason: 'not in provider.only' };
  if (preferences.ignore?.some((slug) => matchesProviderSlug(endpoint, slug))) return { filter: 'ignore', reason: 'in provider.ignore' };
  if (preferences.allowFallbacks === false && preferences.order && !preferences.order.some((slug) => matchesProviderSlug(endpoint, slug))) {
    return { filter: 'order', reason: 'not in provider.order and allow_fallbacks is false' };
  }
  if (preferences.dataCollection === 'deny' && provider.dataCollection === 'allow') {
    return { filter: 'data_collection', reason: 'data_collection: provider may store or train on prompts' };
  }
  if (preferences.zdr === true && provider.zdr !== true) return { filter: 'zdr', reason: 'zdr: provider is not zero-data-retention' };
  if (preferences.quantizations && !preferences.quantizations.includes(endpoint.quantization)) {
    return { filter: 'quantizations', reason: `quantization ${endpoint.quantization} not in provider.quantizations` };
  }
  const priceReason = context.maxPrice ? maxPriceReason(endpoint, context.maxPrice, context.hasImages) : null;
  if (priceReason) return { filter: 'max_price', reason: priceReason };
  if (preferences.requireParameters) {
    const missing = context.sentParameters.filter((name) => !endpoint.supportedParameters.includes(name));
    if (missing.length > 0) return { filter: 'require_parameters', reason: `require_parameters: does not support ${missing.join(', ')}` };
  }
  if (context.hasImages && !endpoint.inputModalities.includes('image')) return { filter: 'input_modalities', reason: 'does not accept image inputs' };
  const completionTokens = context.completionTokens;
  if (endpoint.maxCompletionTokens !== null && completionTokens > endpoint.maxCompletionTokens) {
    return { filter: 'max_tokens', reason: `max_tokens ${completionTokens} exceeds the endpoint's max completion tokens ${endpoint.maxCompletionTokens}` };
  }
  return contextRemoval(endpoint, model, context);
}

function contextRemoval(endpoint: Endpoint, model: Model, context: FilterContext): Removal | null {
  const { completionTokens } = context;
  const promptLimit = endpoint.maxPromptTokens ?? Number.POSITIVE_INFINITY;
  // The byte bound keeps short prompts away from the tokenizer altogether.
  if (context.promptTokenUpperBound + completionTokens <= endpoint.contextLength && context.promptTokenUpperBound <= promptLimit) return null;
  const prompt = context.promptTokens(model);
  if (prompt > promptLimit) {
    return { filter: 'context_length', reason: `context_length: prompt ${prompt} tokens exceeds the endpoint's max prompt tokens ${promptLimit}` };
  }
  if (prompt + completionTokens > endpoint.contextLength) {
    return {
      filter: 'context_length',
      reason: `context_length: prompt ${prompt} + max_tokens ${completionTokens} tokens exceeds the endpoint's context of ${endpoint.contextLength}`,
    };
  }
  return null;
}

function maxPriceReason(endpoint: Endpoint, limits: NonNullable<FilterContext['maxPrice']>, hasImages: boolean): string | null {
  const { pricing } = endpoint;
  if (limits.prompt !== undefined && pricing.prompt > limits.prompt) return 'max_price: prompt price above provider.max_price.prompt';
  if (limits.completion !== undefined && pricing.completion > limits.completion) return 'max_price: completion price above provider.max_price.completion';
  if (limits.request !== undefined && pricing.request > limits.request) return 'max_price: per-request price above provider.max_price.request';
  if (hasImages && limits.image !== undefined && pricing.image > limits.image) return 'max_price: per-image price above provider.max_price.image';
  return null;
}

/** OpenRouter's `error.availability.excluded_by` vocabulary for our filters. */
export const EXCLUDED_BY: Partial<Record<EndpointFilter, string>> = {
  only: 'allowed_providers',
  ignore: 'allowed_providers',
  order: 'allowed_providers',
  data_collection: 'data_policy:training',
  zdr: 'data_policy:zdr',
  quantizations: 'quantization',
  max_price: 'max_price',
  require_parameters: 'require_parameters',
  max_tokens: 'context_length',
  context_length: 'context_length',
};
