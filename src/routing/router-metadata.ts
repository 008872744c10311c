import type { AttemptOutcome } from './attempt-outcome.js';
import type { Attempt, Plan } from './plan-attempts.js';

/**
 * `openrouter_metadata` (S:OpenRouterMetadata), sent when the client asks with
 * `X-OpenRouter-Metadata: enabled`: how the request was routed, which endpoints were
 * candidates, and every attempt with its status. Extra fields (`ordering`, `removed`) say
 * which strategy ordered the candidates and which filter removed the others.
 */
export interface RouterMetadata {
  requested: string;
  strategy: 'direct' | 'fallback';
  region: null;
  summary: string;
  /** 1-based index of the attempt that answered; 0 when none did. */
  attempt: number;
  is_byok: false;
  endpoints: { total: number; available: { model: string; provider: string; selected: boolean }[] };
  attempts: { provider: string; model: string; status: number }[];
  ordering: string;
  removed: { model: string; provider: string; endpoint: string; filter: string; reason: string }[];
}

export function buildRouterMetadata(plan: Plan, outcomes: readonly AttemptOutcome[], served: Attempt | null): RouterMetadata {
  const available = plan.attempts.map((attempt) => ({
    model: attempt.model.id,
    provider: attempt.endpoint.provider.name,
    selected: served !== null && attempt.endpoint === served.endpoint,
  }));
  let servedIndex = 0;
  if (served) for (let index = 0; index < outcomes.length; index++) if (outcomes[index]?.attempt.endpoint === served.endpoint && outcomes[index]?.status === 200) servedIndex = index + 1;
  const selected = served ? served.endpoint.provider.name : 'none';
  return {
    requested: plan.requested[0] ?? '',
    strategy: plan.requested.length > 1 ? 'fallback' : 'direct',
    region: null,
    summary: `available=${available.length}, removed=${plan.removed.length}, ordering=${plan.ordering}, selected=${selected}`,
    attempt: servedIndex,
    is_byok: false,
    endpoints: { total: available.length + plan.removed.length, available },
    // The spec's status is an integer: 0 stands for "no HTTP answer" (connection error, aborted).
    attempts: outcomes.map((outcome) => ({ provider: outcome.attempt.endpoint.provider.name, model: outcome.attempt.model.id, status: outcome.status ?? 0 })),
    ordering: plan.ordering,
    removed: plan.removed.map((entry) => ({ model: entry.model, provider: entry.provider, endpoint: entry.endpoint, filter: entry.filter, reason: entry.reason })),
  };
}
