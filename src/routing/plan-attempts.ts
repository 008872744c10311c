import type { Catalog, Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import type { RoutingDirectives } from '../spec/routing-directives.js';
import type { EndpointHealth } from './endpoint-health.js';
import { createFilterContext, EXCLUDED_BY, removalFor, type EndpointFilter } from './endpoint-filters.js';
import { applyPerformancePreferences, orderAttempts, preferredParametersOf, type OrderContext, type Ordering, type SortKey } from './order-endpoints.js';
import { resolveModel, type ResolvedModel } from './resolve-model.js';

/** One planned upstream call. */
export interface Attempt {
  model: Model;
  endpoint: Endpoint;
}

/** An endpoint a filter removed, with the filter and a readable reason (for explainable "no endpoint" errors). */
export interface RemovedEndpoint {
  model: string;
  endpoint: string;
  provider: string;
  filter: EndpointFilter;
  reason: string;
}

export interface Plan {
  attempts: Attempt[];
  removed: RemovedEndpoint[];
  /** How the attempts were ordered; `sticky` when a conversation's endpoint was put first. */
  ordering: Ordering | 'sticky';
  /** Requested slugs in order (model, then fallbacks). */
  requested: string[];
  /** Hedge a slow first token / resume a broken stream (request or per-model config). */
  hedge: boolean;
  resume: boolean;
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
  /** Exact prompt tokens with the model's tokenizer family. */
  countPromptTokens: (model: Model) => number;
  /** Live endpoint health; without it every endpoint counts as healthy. */
  health?: EndpointHealth;
  /** [0, 1) source for load balancing; injectable for tests. */
  random?: () => number;
  now?: number;
  /** The endpoint id a conversation is stuck to for this model (prompt caching), if any. */
  stickyEndpoint?: (model: Model) => string | undefined;
}

/**
 * Turns directives and the catalog into an ordered list of attempts. Only the requested
 * models' endpoints are looked at (never the whole catalog); every removal is recorded with
 * its filter. Health is read, and the only side effect is claiming an outage trial.
 */
export function planAttempts(input: PlanInput): Plan {
  const { catalog, directives, request } = input;
  const slugs = directives.fallbackModels.length === 0 ? [directives.model] : [directives.model, ...directives.fallbackModels];
  const resolved: ResolvedModel[] = slugs.map((slug) => resolveModel(catalog, slug));
  const preferences = directives.provider;
  let counted: { model: Model; tokens: number } | undefined;
  const filters = createFilterContext(directives, request, input.hasAdapter, input.promptTokenUpperBound, (model) => {
    // Fallback models usually share a tokenizer family; count once per family.
    if (counted?.model.tokenizer !== model.tokenizer) counted = { model, tokens: input.countPromptTokens(model) };
    return counted.tokens;
  });
  const order: OrderContext = {
    preferences,
    health: input.health,
    random: input.random ?? Math.random,
    now: input.now ?? Date.now(),
    preferredParameters: preferredParametersOf(request),
  };

  const removed: RemovedEndpoint[] = [];
  const attempts: Attempt[] = [];
  let ordering: Plan['ordering'] = 'load_balanced';
  let coolingUntil = Number.POSITIVE_INFINITY;
  const partitionAcrossModels = preferences.sort?.partition === 'none' && resolved.length > 1;

  for (const { model, variant } of resolved) {
    const candidates: Attempt[] = [];
    for (const endpoint of model.endpoints) {
      const removal = removalFor(endpoint, model, filters);
      if (removal) {
        removed.push({ model: model.id, endpoint: endpoint.id, provider: endpoint.provider.slug, filter: removal.filter, reason: removal.reason });
        continue;
      }
      const cooling = input.health?.state(endpoint.id)?.coolingUntil ?? 0;
      if (cooling > order.now) {
        // Retry-After is honoured: the endpoint is skipped until then.
        coolingUntil = Math.min(coolingUntil, cooling);
        const reason = `retry_after: the provider asked for no requests until ${new Date(cooling).toISOString()}`;
        removed.push({ model: model.id, endpoint: endpoint.id, provider: endpoint.provider.slug, filter: 'retry_after', reason });
        continue;
      }
      candidates.push({ model, endpoint });
    }
    if (partitionAcrossModels) {
      for (const candidate of candidates) attempts.push(candidate);
      continue;
    }
    const sortKey: SortKey | null = preferences.sort?.by ?? (variant === 'nitro' ? 'throughput' : variant === 'floor' ? 'price' : null);
    ordering = orderAttempts(candidates, sortKey, order);
    const sticky = preferences.order?.length ? undefined : input.stickyEndpoint?.(model);
    if (sticky !== undefined && moveToFront(candidates, sticky, input.health, order.now)) ordering = 'sticky';
    // allow_fallbacks: false without an order means the primary endpoint only.
    const kept = preferences.allowFallbacks === false && !preferences.order?.length ? candidates.slice(0, 1) : candidates;
    for (const candidate of kept) attempts.push(candidate);
  }
  if (partitionAcrossModels) ordering = orderAttempts(attempts, preferences.sort?.by ?? 'price', order);
  applyPerformancePreferences(attempts, order);

  if (attempts.length === 0) {
    if (coolingUntil !== Number.POSITIVE_INFINITY) throw rateLimitedError(slugs, removed, coolingUntil - order.now);
    throw noEndpointsError(slugs, removed);
  }
  const modelRouting = resolved[0]?.model.routing;
  return {
    attempts,
    removed,
    ordering,
    requested: slugs,
    hedge: preferences.hedge ?? modelRouting?.hedge ?? false,
    resume: preferences.resume ?? modelRouting?.resume ?? false,
  };
}

function moveToFront(attempts: Attempt[], endpointId: string, health: EndpointHealth | undefined, now: number): boolean {
  const index = attempts.findIndex((attempt) => attempt.endpoint.id === endpointId);
  if (index === -1) return false;
  if (health?.state(endpointId)?.inOutage(now)) return false;
  if (index > 0) {
    const chosen = attempts[index] as Attempt;
    attempts.copyWithin(1, 0, index);
    attempts[0] = chosen;
  }
  return true;
}

function excludedBy(removed: RemovedEndpoint[]): string[] {
  const out: string[] = [];
  for (const entry of removed) {
    const name = EXCLUDED_BY[entry.filter];
    if (name !== undefined && !out.includes(name)) out.push(name);
  }
  return out;
}

function noEndpointsError(slugs: string[], removed: RemovedEndpoint[]): GatewayError {
  const reasons = removed.map((entry) => `${entry.endpoint}: ${entry.reason}`);
  const message = `No endpoints found for ${slugs.join(', ')} that can serve this request${reasons.length ? ` (${reasons.join('; ')})` : ''}`;
  const metadata = { availability: { code: 'no_endpoints', requested_models: slugs, excluded_by: excludedBy(removed) }, removed_endpoints: removed };
  // A prompt too long for every endpoint is the request's fault (400), as the upstreams would say.
  const tooLong = removed.length > 0 && removed.every((entry) => entry.filter === 'context_length');
  if (tooLong) return new GatewayError('context_length_exceeded', message, { metadata: { ...metadata, error_type: 'context_length_exceeded' } });
  return new GatewayError('no_endpoints', message, { metadata });
}

function rateLimitedError(slugs: string[], removed: RemovedEndpoint[], waitMs: number): GatewayError {
  return new GatewayError('rate_limited', `Every provider for ${slugs.join(', ')} asked for a pause (Retry-After); retry in ${Math.ceil(waitMs / 1000)} s`, {
    retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    metadata: { availability: { code: 'capacity_exhausted', requested_models: slugs, retryable: true, retry_after: Math.max(1, Math.ceil(waitMs / 1000)) }, removed_endpoints: removed, error_type: 'rate_limit_exceeded' },
  });
}
