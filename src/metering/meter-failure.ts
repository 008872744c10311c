import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { GatewayError } from '../spec/errors.js';
import type { GenerationRecord } from '../store/store-types.js';
import { meterGeneration, type AttemptSummary, type GenerationRequestFacts } from './meter-generation.js';

export interface FailedGeneration {
  /** The plan's attempts, to resolve the attempts an all-failed error names. */
  planned: readonly { model: Model; endpoint: Endpoint }[];
  /** The attempts as the executor recorded them; when none, those an all-failed error names. */
  attempts?: AttemptSummary[];
  error: GatewayError;
  cancelled: boolean;
  streamed: boolean;
  endedAt: number;
}

/**
 * The record of a request that produced no answer: every attempt failed, or the client went
 * away before one arrived. Nothing was served, so nothing is charged (zero-completion
 * insurance); the record still says what was tried, for `GET /generation` and uptime.
 */
export function meterFailedGeneration(facts: GenerationRequestFacts, failure: FailedGeneration): GenerationRecord {
  const attempts = failure.attempts !== undefined && failure.attempts.length > 0 ? failure.attempts : attemptsNamedBy(failure.error, failure.planned);
  const { record } = meterGeneration(facts, {
    served: null,
    attempts,
    upstreamId: null,
    // Nothing came back to count; tokenizing the prompt of every failed request (a provider
    // outage is a flood of them) would cost CPU for a record that charges nothing anyway.
    reportedUsage: { promptTokens: 0, completionTokens: 0 },
    producedText: () => '',
    finishReason: failure.cancelled ? null : 'error',
    nativeFinishReason: null,
    streamed: failure.streamed,
    cancelled: failure.cancelled,
    firstTokenAt: null,
    endedAt: failure.endedAt,
    errorMessage: failure.cancelled ? null : failure.error.message,
  });
  if (record.model === '') record.model = failure.planned[0]?.model.id ?? '';
  return record;
}

/** The router's all-failed error lists its attempts in `metadata.attempts`; anything else names none. */
function attemptsNamedBy(error: GatewayError, planned: FailedGeneration['planned']): AttemptSummary[] {
  const listed = error.metadata?.attempts;
  if (!Array.isArray(listed)) return [];
  const summaries: AttemptSummary[] = [];
  for (const entry of listed as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    const match = planned.find((attempt) => attempt.endpoint.id === fields.endpoint);
    if (match === undefined) continue;
    const summary: AttemptSummary = {
      model: match.model,
      endpoint: match.endpoint,
      status: typeof fields.status === 'number' ? fields.status : null,
      latencyMs: typeof fields.latency_ms === 'number' ? fields.latency_ms : 0,
      errorKind: fields.status === 429 ? 'rate_limited' : 'upstream_error',
    };
    if (typeof fields.error === 'string') summary.errorMessage = fields.error;
    summaries.push(summary);
  }
  return summaries;
}
