import type { Logger } from '../http/gateway-context.js';
import { picodollarsToUsdString } from '../spec/money.js';
import type { GenerationRecord } from '../store/store-types.js';

/**
 * One structured line per generation, written when its record is committed: request id,
 * key hash (the key's public id, never the key), model, provider, outcome, durations, tokens
 * and cost. Requests refused before any upstream call are logged by the error handler.
 */
export class RequestLog {
  constructor(private readonly log: Logger) {}

  generations(records: readonly GenerationRecord[]): void {
    for (const record of records) {
      this.log.info('generation', {
        request_id: record.id,
        key_hash: record.apiKeyHash,
        model: record.model,
        provider: record.providerSlug,
        api_type: record.apiType,
        streamed: record.streamed,
        outcome: record.cancelled ? 'cancelled' : record.errorMessage !== null ? 'error' : 'ok',
        finish_reason: record.finishReason,
        latency_ms: record.latencyMs,
        generation_time_ms: record.generationTimeMs,
        tokens_prompt: record.tokensPrompt,
        tokens_completion: record.tokensCompletion,
        cost_usd: picodollarsToUsdString(record.totalCost),
        attempts: record.attempts.map((attempt) => ({ provider: attempt.providerSlug, status: attempt.status, latency_ms: attempt.latencyMs, error: attempt.errorKind ?? null })),
        app: record.appTitle,
      });
    }
  }
}
