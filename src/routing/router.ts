import type { Catalog, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { RoutingDirectives } from '../spec/routing-directives.js';
import type { EndpointHealth } from './endpoint-health.js';
import { MemoryEndpointHealth } from './endpoint-health-memory.js';
import { planAttempts, type Attempt, type Plan } from './plan-attempts.js';
import { resolveModel } from './resolve-model.js';
import { benefitsFromStickiness, conversationKey, modelBenefitsFromStickiness, StickyRoutes, type StickyRouteStore, type StickyRoutesOptions } from './sticky-routes.js';

export interface RouterOptions {
  /** The routing clock (health windows, sticky expiry, Retry-After); injectable for tests. */
  now?: () => number;
  /** [0, 1) source for load balancing; injectable for tests. */
  random?: () => number;
  health?: EndpointHealth;
  sticky?: StickyRoutesOptions;
  /** Where sticky entries live (shared through Redis); default: this process's memory. */
  stickyRoutes?: StickyRouteStore;
}

/** One request's routing inputs. */
export interface RouteRequest {
  catalog: Catalog;
  directives: RoutingDirectives;
  request: ChatRequest;
  hasAdapter: (protocol: string) => boolean;
  promptTokenUpperBound: number;
  /** Exact prompt tokens with a model's tokenizer family (called only when the bound does not fit). */
  countPromptTokens: (model: Model) => number;
  /** Whose conversation (the API key's hash): sticky entries never cross keys. */
  scope: string;
  /** `session_id` from the body, else the `x-session-id` header. */
  sessionId: string | null;
}

/** A plan plus what the router needs afterwards to keep the conversation sticky. */
export interface RoutedPlan extends Plan {
  conversation: string | undefined;
  scope: string;
}

/**
 * The routing engine's long-lived state: endpoint health, sticky conversations, the clock and
 * the random source. Planning itself stays a pure function of its inputs (plan-attempts.ts).
 */
export class Router {
  readonly health: EndpointHealth;
  readonly sticky: StickyRouteStore;
  readonly now: () => number;
  readonly random: () => number;

  constructor(options: RouterOptions = {}) {
    this.health = options.health ?? new MemoryEndpointHealth();
    this.sticky = options.stickyRoutes ?? new StickyRoutes(options.sticky);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * With a shared sticky store: loads the conversation's entries for the requested models
   * before `plan` (which never waits). Undefined, at no cost, when there is nothing to load.
   */
  prepare(route: RouteRequest): Promise<void> | undefined {
    const { prefetch } = this.sticky;
    if (prefetch === undefined) return undefined;
    const keys: string[] = [];
    let conversation: string | undefined | null = null;
    for (const slug of [route.directives.model, ...route.directives.fallbackModels]) {
      let model: Model;
      try {
        model = resolveModel(route.catalog, slug).model;
      } catch {
        continue; // plan reports the bad slug
      }
      if (!modelBenefitsFromStickiness(model)) continue;
      if (conversation === null) conversation = conversationKey(route.sessionId, route.request);
      if (conversation === undefined) return undefined;
      keys.push(stickyKey(route.scope, model, conversation));
    }
    return keys.length === 0 ? undefined : prefetch.call(this.sticky, keys, this.now());
  }

  plan(route: RouteRequest): RoutedPlan {
    const now = this.now();
    let conversation: string | undefined | null = null;
    const conversationOf = (): string | undefined => (conversation === null ? (conversation = conversationKey(route.sessionId, route.request)) : conversation);
    const plan = planAttempts({
      catalog: route.catalog,
      directives: route.directives,
      request: route.request,
      hasAdapter: route.hasAdapter,
      promptTokenUpperBound: route.promptTokenUpperBound,
      countPromptTokens: route.countPromptTokens,
      health: this.health,
      random: this.random,
      now,
      stickyEndpoint: (model) => {
        // Hashing the conversation is only worth it when caching makes stickiness pay.
        if (!modelBenefitsFromStickiness(model)) return undefined;
        const key = conversationOf();
        return key === undefined ? undefined : this.sticky.lookup(stickyKey(route.scope, model, key), now);
      },
    });
    const routed = plan as RoutedPlan;
    routed.conversation = conversation ?? undefined;
    routed.scope = route.scope;
    return routed;
  }

  /** The attempt that answered: the conversation sticks to it (when caching makes that pay). */
  served(plan: RoutedPlan, attempt: Attempt): void {
    if (plan.conversation === undefined || !benefitsFromStickiness(attempt.endpoint)) return;
    this.sticky.remember(stickyKey(plan.scope, attempt.model, plan.conversation), attempt.endpoint.id, this.now());
  }
}

function stickyKey(scope: string, model: Model, conversation: string): string {
  return `${scope}|${model.id}|${conversation}`;
}
