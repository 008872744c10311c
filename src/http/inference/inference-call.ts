import type { ResponseIdentity } from '../../api/openai-chat/encode-chat-response.js';
import type { CostSplit } from '../../api/shared/encode-usage.js';
import type { CostBreakdown } from '../../metering/compute-cost.js';
import { meterFailedGeneration } from '../../metering/meter-failure.js';
import type { Admission } from '../../metering/metering.js';
import type { AttemptSummary, GenerationRequestFacts } from '../../metering/meter-generation.js';
import type { AttemptOutcome } from '../../routing/attempt-outcome.js';
import type { Cancellation } from '../../routing/cancellation.js';
import type { ExecuteInput } from '../../routing/execute-attempts.js';
import { buildRouterMetadata } from '../../routing/router-metadata.js';
import type { RoutedPlan } from '../../routing/router.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError, toGatewayError } from '../../spec/errors.js';
import type { RoutingDirectives } from '../../spec/routing-directives.js';
import type { GatewayContext } from '../gateway-context.js';
import type { InferenceSurface } from './inference-surface.js';

/** Per-request state shared by the plain and streamed paths. */
export interface InferenceCall {
  context: GatewayContext;
  surface: InferenceSurface;
  request: ChatRequest;
  directives: RoutingDirectives;
  plan: RoutedPlan;
  apiKeyHash: string;
  generationId: string;
  startedAt: number;
  cancellation: Cancellation;
  clientHeaders: Record<string, string>;
  /** `X-OpenRouter-Metadata: enabled`: responses carry `openrouter_metadata`. */
  routerMetadata: boolean;
  /** Every attempt of this call, as the executor records them. */
  outcomes: AttemptOutcome[];
  requestFacts: GenerationRequestFacts;
  /** The request's hold on its budgets: finished with its record, exactly once. */
  admission: Admission;
}

/** Meters a request that got no answer (all attempts failed, or the client left): recorded, not charged. */
export function recordFailure(call: InferenceCall, caught: unknown, streamed: boolean): void {
  const record = meterFailedGeneration(call.requestFacts, {
    planned: call.plan.attempts,
    attempts: summarizeAttempts(call.outcomes),
    error: toGatewayError(caught),
    cancelled: call.cancellation.cancelled,
    streamed,
    endedAt: call.context.now(),
  });
  call.context.metering.finish(call.admission, record);
}

/** Identity fields every response and chunk of this generation carries. */
export function responseIdentity(call: InferenceCall, model: string, providerName: string): ResponseIdentity {
  return { id: call.generationId, created: Math.floor(call.startedAt / 1000), model, providerName };
}

/** Prompt side (uncached, cache reads and writes, images, request fee) and completion side. */
export function costSplit(cost: CostBreakdown): CostSplit {
  return {
    total: cost.total,
    prompt: cost.prompt + cost.cacheRead + cost.cacheWrite + cost.image + cost.request,
    completion: cost.completion + cost.reasoning,
  };
}

/** Router outcomes in the shape the generation record keeps. */
export function summarizeAttempts(outcomes: AttemptOutcome[]): AttemptSummary[] {
  return outcomes.map((outcome) => {
    const summary: AttemptSummary = { model: outcome.attempt.model, endpoint: outcome.attempt.endpoint, status: outcome.status, latencyMs: outcome.latencyMs };
    if (outcome.error) {
      summary.errorKind = outcome.error.kind;
      summary.errorMessage = outcome.error.message;
    }
    return summary;
  });
}


/** What the router's executor needs from this call (plain and streamed alike). */
export function executeInput(call: InferenceCall): ExecuteInput {
  return {
    plan: call.plan,
    request: call.request,
    adapterFor: call.context.adapterFor,
    cancellation: call.cancellation,
    clientHeaders: call.clientHeaders,
    now: call.context.now,
    outcomes: call.outcomes,
    health: call.context.router.health,
    healthNow: call.context.router.now,
    warn: (message, fields) => call.context.log.warn(message, fields),
  };
}

/** A failed call's error; with `X-OpenRouter-Metadata: enabled` it carries the router metadata too. */
export function explainFailure(call: InferenceCall, caught: unknown): GatewayError {
  const error = toGatewayError(caught);
  if (!call.routerMetadata || error.kind === 'cancelled' || error.kind === 'internal') return error;
  const metadata = { ...error.metadata, openrouter_metadata: buildRouterMetadata(call.plan, call.outcomes, null) };
  const init: ConstructorParameters<typeof GatewayError>[2] = { status: error.status, metadata, cause: error };
  if (error.upstreamStatus !== undefined) init.upstreamStatus = error.upstreamStatus;
  if (error.retryAfterSeconds !== undefined) init.retryAfterSeconds = error.retryAfterSeconds;
  return new GatewayError(error.kind, error.message, init);
}
