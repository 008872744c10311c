import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest } from '../spec/chat-request.js';
import type { AppAttribution } from '../spec/routing-directives.js';
import type { Usage } from '../spec/usage.js';
import type { AttemptRecord, GenerationRecord } from '../store/store-types.js';
import { computeChargedCost, type CostBreakdown } from './compute-cost.js';
import { countPromptTokens, countTextTokens } from './count-tokens.js';

/** One upstream attempt as the router saw it (a structural subset of routing's outcome). */
export interface AttemptSummary {
  model: Model;
  endpoint: Endpoint;
  status: number | null;
  latencyMs: number;
  errorKind?: string;
  errorMessage?: string;
}

/** Who asked for what: known when the request arrives. */
export interface GenerationRequestFacts {
  id: string;
  apiKeyHash: string;
  apiType: GenerationRecord['apiType'];
  request: ChatRequest;
  startedAt: number;
  attribution: AppAttribution;
  userAgent: string | null;
  sessionId: string | null;
}

/** What happened: known when the answer ended. */
export interface GenerationOutcome {
  /** The attempt that produced the answer, or none when every attempt failed. */
  served: { model: Model; endpoint: Endpoint } | null;
  attempts: AttemptSummary[];
  upstreamId: string | null;
  /** Usage as the upstream reported it; undefined when it reported none. */
  reportedUsage: Usage | undefined;
  /** The produced text (content, reasoning, tool arguments), to count when usage is missing. */
  producedText: () => string;
  finishReason: string | null;
  nativeFinishReason: string | null;
  streamed: boolean;
  cancelled: boolean;
  firstTokenAt: number | null;
  endedAt: number;
  errorMessage: string | null;
}

export interface MeteredGeneration {
  record: GenerationRecord;
  usage: Usage;
  cost: CostBreakdown;
}

/**
 * Turns what happened into the usage we bill, its exact cost and the generation record.
 * Tokens come from the upstream's usage, or are counted with the tokenizer when it gave none.
 */
export function meterGeneration(facts: GenerationRequestFacts, outcome: GenerationOutcome): MeteredGeneration {
  const usage = outcome.reportedUsage ?? estimateUsage(facts.request, outcome);
  const cost = outcome.served ? computeChargedCost(usage, outcome.served.endpoint.pricing, outcome.finishReason) : zeroCost();
  const record: GenerationRecord = {
    id: facts.id,
    upstreamId: outcome.upstreamId,
    createdAt: facts.startedAt,
    apiKeyHash: facts.apiKeyHash,
    model: outcome.served?.model.id ?? outcome.attempts[0]?.model.id ?? '',
    providerName: outcome.served?.endpoint.provider.name ?? null,
    providerSlug: outcome.served?.endpoint.provider.slug ?? null,
    endpointId: outcome.served?.endpoint.id ?? null,
    apiType: facts.apiType,
    streamed: outcome.streamed,
    cancelled: outcome.cancelled,
    finishReason: outcome.finishReason,
    nativeFinishReason: outcome.nativeFinishReason,
    latencyMs: outcome.firstTokenAt === null ? null : outcome.firstTokenAt - facts.startedAt,
    generationTimeMs: outcome.firstTokenAt === null ? null : outcome.endedAt - outcome.firstTokenAt,
    tokensPrompt: usage.promptTokens,
    tokensCompletion: usage.completionTokens,
    nativeTokensPrompt: usage.promptTokens,
    nativeTokensCompletion: usage.completionTokens,
    nativeTokensReasoning: usage.reasoningTokens ?? 0,
    nativeTokensCached: usage.cachedTokens ?? 0,
    nativeTokensCacheWrite: usage.cacheWriteTokens ?? 0,
    numMediaPrompt: usage.promptImages ?? countImages(facts.request),
    totalCost: cost.total,
    cacheDiscount: cost.cacheDiscount,
    appTitle: facts.attribution.title,
    httpReferer: facts.attribution.httpReferer,
    appCategories: facts.attribution.categories,
    userAgent: facts.userAgent,
    externalUser: facts.request.user ?? null,
    sessionId: facts.sessionId,
    errorMessage: outcome.errorMessage,
    attempts: outcome.attempts.map(toAttemptRecord),
  };
  return { record, usage, cost };
}

function estimateUsage(request: ChatRequest, outcome: GenerationOutcome): Usage {
  return {
    promptTokens: countPromptTokens(request),
    completionTokens: countTextTokens(outcome.producedText()),
    promptImages: countImages(request),
    estimated: true,
  };
}

/** Images in the user turns (priced per image). */
export function countImages(request: ChatRequest): number {
  let images = 0;
  for (const message of request.messages) {
    if (message.role !== 'user') continue;
    for (const part of message.content) if (part.type === 'image') images += 1;
  }
  return images;
}

function toAttemptRecord(attempt: AttemptSummary): AttemptRecord {
  const record: AttemptRecord = {
    providerName: attempt.endpoint.provider.name,
    providerSlug: attempt.endpoint.provider.slug,
    endpointId: attempt.endpoint.id,
    model: attempt.model.canonicalSlug,
    status: attempt.status,
    latencyMs: attempt.latencyMs,
  };
  if (attempt.errorKind !== undefined) record.errorKind = attempt.errorKind;
  if (attempt.errorMessage !== undefined) record.errorMessage = attempt.errorMessage;
  return record;
}

function zeroCost(): CostBreakdown {
  return { total: 0n, prompt: 0n, completion: 0n, request: 0n, image: 0n, cacheRead: 0n, cacheWrite: 0n, reasoning: 0n, cacheDiscount: 0n };
}
