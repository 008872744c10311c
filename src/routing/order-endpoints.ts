import type { Endpoint } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { PercentileCutoffs, ProviderPreferences } from '../spec/routing-directives.js';
import { RECENT_FAILURE_MS, type EndpointHealth, type Percentile } from './endpoint-health.js';
import { matchesProviderSlug } from './match-provider-slug.js';
import type { Attempt } from './plan-attempts.js';

/**
 * Orders the endpoints that passed the filters:
 * - `provider.order`: those slugs first, in that order, then the rest by price;
 * - `sort` (or `:nitro` → throughput, `:floor` → price): sorted by that key;
 * - otherwise OpenRouter's default: one endpoint picked at random weighted by 1/price² among
 *   those without a recent outage, the others as fallbacks by price, recently failing ones
 *   last, endpoints in outage after them (one of them first now and then, as a trial).
 * Then, unless `order` was given, soft preferences: endpoints supporting the sent tools /
 * response_format ahead of the rest of the same model. Ordering happens in place; the arrays are the plan's own.
 */

export type SortKey = 'price' | 'throughput' | 'latency';

export interface OrderContext {
  preferences: ProviderPreferences;
  health: EndpointHealth | undefined;
  random: () => number;
  now: number;
  /** Parameters whose support is preferred even without require_parameters. */
  preferredParameters: readonly string[];
}

/** How the attempts were ordered (for router metadata). */
export type Ordering = 'order' | `sort:${SortKey}` | 'load_balanced';

export function orderAttempts(attempts: Attempt[], sortKey: SortKey | null, context: OrderContext): Ordering {
  const order = context.preferences.order;
  let ordering: Ordering;
  if (order?.length) {
    sortStable(attempts, (a, b) => orderRank(a.endpoint, order) - orderRank(b.endpoint, order) || comparePrice(a.endpoint, b.endpoint));
    ordering = 'order';
  } else if (sortKey) {
    sortStable(attempts, comparatorFor(sortKey, context));
    demoteUnhealthy(attempts, context, false);
    ordering = `sort:${sortKey}`;
  } else {
    loadBalance(attempts, context);
    ordering = 'load_balanced';
  }
  // An explicit order is the client's own ranking: soft preferences do not override it.
  if (ordering !== 'order' && context.preferredParameters.length > 0 && !context.preferences.requireParameters) {
    partitionStable(attempts, (attempt) => context.preferredParameters.every((name) => attempt.endpoint.supportedParameters.includes(name)));
  }
  return ordering;
}

/** The sent parameters that are soft preferences without require_parameters (OpenRouter: tools, response_format). */
export function preferredParametersOf(request: ChatRequest): readonly string[] {
  const hasTools = request.tools !== undefined && request.tools.length > 0;
  const hasFormat = request.responseFormat !== undefined && request.responseFormat.type !== 'text';
  if (hasTools && hasFormat) return BOTH;
  if (hasTools) return TOOLS;
  return hasFormat ? FORMAT : NONE;
}
const BOTH = ['tools', 'response_format'];
const TOOLS = ['tools'];
const FORMAT = ['response_format'];
const NONE: string[] = [];

/**
 * Soft thresholds (preferred_min_throughput / preferred_max_latency): endpoints known to miss
 * them move after those that meet them or have no data yet; nothing is removed.
 */
export function applyPerformancePreferences(attempts: Attempt[], context: OrderContext): void {
  const { preferredMinThroughput, preferredMaxLatency } = context.preferences;
  if (!preferredMinThroughput && !preferredMaxLatency) return;
  const { health, now } = context;
  if (!health) return;
  partitionStable(attempts, (attempt) => {
    const state = health.state(attempt.endpoint.id);
    if (!state) return true;
    if (preferredMinThroughput && !meets(preferredMinThroughput, (percentile) => state.throughput(percentile, now), (value, cutoff) => value >= cutoff)) return false;
    // Latency cutoffs are in seconds; health keeps milliseconds.
    if (preferredMaxLatency && !meets(preferredMaxLatency, (percentile) => state.latencyMs(percentile, now), (value, cutoff) => value <= cutoff * 1000)) return false;
    return true;
  });
}

const PERCENTILES: readonly Percentile[] = ['p50', 'p75', 'p90', 'p99'];

function meets(cutoffs: PercentileCutoffs, read: (percentile: Percentile) => number | undefined, ok: (value: number, cutoff: number) => boolean): boolean {
  for (const percentile of PERCENTILES) {
    const cutoff = cutoffs[percentile];
    if (cutoff === undefined) continue;
    const value = read(percentile);
    if (value !== undefined && !ok(value, cutoff)) return false;
  }
  return true;
}

function orderRank(endpoint: Endpoint, order: string[]): number {
  for (let index = 0; index < order.length; index++) if (matchesProviderSlug(endpoint, order[index] ?? '')) return index;
  return order.length;
}

/** Prompt plus completion price per token (picodollars), as a number for weights and sorting. */
export function unitPrice(endpoint: Endpoint): number {
  return Number(endpoint.pricing.prompt + endpoint.pricing.completion);
}

function comparePrice(a: Endpoint, b: Endpoint): number {
  return unitPrice(a) - unitPrice(b);
}

function comparatorFor(key: SortKey, context: OrderContext): (a: Attempt, b: Attempt) => number {
  if (key === 'price') return (a, b) => comparePrice(a.endpoint, b.endpoint);
  const { health, now } = context;
  if (key === 'throughput') {
    // Unknown throughput sorts after known; ties go to the cheaper endpoint.
    const speed = (endpoint: Endpoint): number => health?.state(endpoint.id)?.throughput('p50', now) ?? -1;
    return (a, b) => speed(b.endpoint) - speed(a.endpoint) || comparePrice(a.endpoint, b.endpoint);
  }
  const latency = (endpoint: Endpoint): number => health?.state(endpoint.id)?.latencyMs('p50', now) ?? Number.MAX_VALUE;
  return (a, b) => latency(a.endpoint) - latency(b.endpoint) || comparePrice(a.endpoint, b.endpoint);
}

function loadBalance(attempts: Attempt[], context: OrderContext): void {
  sortStable(attempts, (a, b) => comparePrice(a.endpoint, b.endpoint));
  const healthyCount = demoteUnhealthy(attempts, context, true);
  if (healthyCount > 1) {
    const pick = weightedPick(attempts, healthyCount, context.random);
    if (pick > 0) {
      const chosen = attempts[pick] as Attempt;
      attempts.copyWithin(1, 0, pick);
      attempts[0] = chosen;
    }
  }
}

/**
 * Moves endpoints in outage after the rest (a trial one first now and then) and, with
 * `recentFailuresLast`, endpoints that failed recently after the healthy ones; returns how
 * many endpoints are healthy (neither failing recently nor in outage).
 */
function demoteUnhealthy(attempts: Attempt[], context: OrderContext, recentFailuresLast: boolean): number {
  const { health, now } = context;
  if (!health) return attempts.length;
  let healthy = 0;
  let failing = 0;
  for (const attempt of attempts) {
    const state = health.state(attempt.endpoint.id);
    if (!state) healthy += 1;
    else if (state.inOutage(now)) continue;
    else if (recentFailuresLast && state.lastFailureAt !== 0 && now - state.lastFailureAt < RECENT_FAILURE_MS) failing += 1;
    else healthy += 1;
  }
  if (healthy + failing === attempts.length) {
    if (failing > 0) partitionStable(attempts, (attempt) => rank(attempt, context) === 0);
    return healthy;
  }
  sortStable(attempts, (a, b) => rank(a, context) - rank(b, context));
  const firstInOutage = attempts[healthy + failing];
  if (firstInOutage && health.claimTrial(firstInOutage.endpoint.id, now)) {
    attempts.copyWithin(1, 0, healthy + failing);
    attempts[0] = firstInOutage;
    return 0;
  }
  return healthy;
}

function rank(attempt: Attempt, context: OrderContext): number {
  const state = context.health?.state(attempt.endpoint.id);
  if (!state) return 0;
  if (state.inOutage(context.now)) return 2;
  return state.lastFailureAt !== 0 && context.now - state.lastFailureAt < RECENT_FAILURE_MS ? 1 : 0;
}

/** Index in [0, count) picked with weight 1/price² (free endpoints win outright, evenly). */
function weightedPick(attempts: Attempt[], count: number, random: () => number): number {
  let free = 0;
  for (let index = 0; index < count; index++) if (unitPrice((attempts[index] as Attempt).endpoint) === 0) free += 1;
  if (free > 0) return Math.min(free - 1, Math.floor(random() * free));
  let total = 0;
  for (let index = 0; index < count; index++) {
    const price = unitPrice((attempts[index] as Attempt).endpoint);
    total += 1 / (price * price);
  }
  let target = random() * total;
  for (let index = 0; index < count; index++) {
    const price = unitPrice((attempts[index] as Attempt).endpoint);
    target -= 1 / (price * price);
    if (target < 0) return index;
  }
  return count - 1;
}

/** Array.prototype.sort is stable in V8; kept as a named step for readability. */
function sortStable(attempts: Attempt[], compare: (a: Attempt, b: Attempt) => number): void {
  if (attempts.length > 1) attempts.sort(compare);
}

/** Keeps those passing `keep` first, both groups in their current order. */
export function partitionStable(attempts: Attempt[], keep: (attempt: Attempt) => boolean): void {
  if (attempts.length < 2) return;
  let allKept = true;
  for (const attempt of attempts) if (!keep(attempt)) allKept = false;
  if (allKept) return;
  const kept: Attempt[] = [];
  const rest: Attempt[] = [];
  for (const attempt of attempts) (keep(attempt) ? kept : rest).push(attempt);
  let index = 0;
  for (const attempt of kept) attempts[index++] = attempt;
  for (const attempt of rest) attempts[index++] = attempt;
}
