import type { Catalog, Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import type { RoutingDirectives } from '../spec/routing-directives.js';
import { resolveModel, type DynamicVariant } from './resolve-model.js';
import { matchesProviderSlug } from './match-provider-slug.js';

/** One planned upstream call. */
export interface Attempt {
  model: Model;
  endpoint: Endpoint;
}

/** An endpoint a filter removed, with the reason (for explainable "no endpoint" errors). */
export interface RemovedEndpoint {
  model: string;
  endpoint: string;
  provider: string;
  reason: string;
}

export interface Plan {
  attempts: Attempt[];
  removed: RemovedEndpoint[];
}

export interface PlanInput {
  catalog: Catalog;
  directives: RoutingDirectives;
  request: ChatRequest;
  /** Protocols with a registered adapter. */
  hasAdapter: (protocol: string) => boolean;
  /**
   * Upper bound of the prompt's tokens, cheap (bytes); `countPromptTokens` is called only
   * when the bound does not fit an endpoint, so short prompts are never tokenized.
   */
  promptTokenUpperBound: number;
  countPromptTokens: () => number;
}

/**
 * Turns directives and the catalog into an ordered list of attempts. Pure: no I/O, no health
 * (the routing engine adds that). Every removal is recorded with its reason.
 */
export function planAttempts(input: PlanInput): Plan {
  const { catalog, directives, request } = input;
  const removed: RemovedEndpoint[] = [];
  const attempts: Attempt[] = [];
  const slugs = [directives.model, ...directives.fallbackModels];
  const resolved = slugs.map((slug) => resolveModel(catalog, slug));
  let exactPromptTokens: number | undefined;
  const promptTokens = (): number => (exactPromptTokens ??= input.countPromptTokens());
  const preferences = directives.provider;
  const completionTokens = request.maxTokens ?? 0;

  for (const { model, variant } of resolved) {
    const candidates: Endpoint[] = [];
    for (const endpoint of model.endpoints) {
      const reason = removalReason(endpoint);
      if (reason) removed.push({ model: model.id, endpoint: endpoint.id, provider: endpoint.provider.slug, reason });
      else candidates.push(endpoint);
    }
    for (const endpoint of orderEndpoints(candidates, variant, directives)) attempts.push({ model, endpoint });
  }

  function removalReason(endpoint: Endpoint): string | null {
    if (!input.hasAdapter(endpoint.provider.adapter)) return `adapter "${endpoint.provider.adapter}" is not available`;
    if (preferences.only && !preferences.only.some((slug) => matchesProviderSlug(endpoint, slug))) return 'not in provider.only';
    if (preferences.ignore?.some((slug) => matchesProviderSlug(endpoint, slug))) return 'in provider.ignore';
    if (preferences.allowFallbacks === false && preferences.order && !preferences.order.some((slug) => matchesProviderSlug(endpoint, slug))) {
      return 'not in provider.order and allow_fallbacks is false';
    }
    if (preferences.dataCollection === 'deny' && endpoint.provider.dataCollection === 'allow') return 'data_collection: provider may store or train on prompts';
    if (preferences.quantizations && !preferences.quantizations.includes(endpoint.quantization)) return `quantization ${endpoint.quantization} not in provider.quantizations`;
    if (preferences.requireParameters) {
      const missing = directives.sentParameters.filter((name) => !endpoint.supportedParameters.includes(name));
      if (missing.length > 0) return `require_parameters: does not support ${missing.join(', ')}`;
    }
    if (endpoint.maxCompletionTokens !== null && completionTokens > endpoint.maxCompletionTokens) {
      return `max_tokens ${completionTokens} exceeds the endpoint's max completion tokens ${endpoint.maxCompletionTokens}`;
    }
    if (input.promptTokenUpperBound + completionTokens > endpoint.contextLength) {
      const needed = promptTokens() + completionTokens;
      if (needed > endpoint.contextLength) {
        return `context_length: prompt ${promptTokens()} + max_tokens ${completionTokens} tokens exceeds the endpoint's context of ${endpoint.contextLength}`;
      }
    }
    return null;
  }

  if (attempts.length === 0) throw noEndpointsError(slugs, removed);
  return { attempts, removed };
}

/** `provider.order` first (in its order), then the rest; `:floor` and `sort: price` by price. */
function orderEndpoints(endpoints: Endpoint[], variant: DynamicVariant | null, directives: RoutingDirectives): Endpoint[] {
  const order = directives.provider.order;
  const byPrice = variant === 'floor' || directives.provider.sort?.by === 'price';
  let ordered = endpoints;
  if (byPrice) ordered = [...endpoints].sort((a, b) => comparePrice(a, b));
  if (order?.length) {
    const rank = (endpoint: Endpoint): number => {
      const index = order.findIndex((slug) => matchesProviderSlug(endpoint, slug));
      return index === -1 ? order.length : index;
    };
    ordered = [...ordered].sort((a, b) => rank(a) - rank(b));
  }
  return ordered;
}

function comparePrice(a: Endpoint, b: Endpoint): number {
  const priceA = a.pricing.prompt + a.pricing.completion;
  const priceB = b.pricing.prompt + b.pricing.completion;
  return priceA < priceB ? -1 : priceA > priceB ? 1 : 0;
}

function noEndpointsError(slugs: string[], removed: RemovedEndpoint[]): GatewayError {
  const reasons = removed.map((entry) => `${entry.endpoint}: ${entry.reason}`);
  return new GatewayError(
    'no_endpoints',
    `No endpoints found for ${slugs.join(', ')} that can serve this request${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
    { metadata: { availability: { code: 'no_endpoints', requested_models: slugs }, removed_endpoints: removed } },
  );
}
