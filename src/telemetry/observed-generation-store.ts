import type { GenerationRecord, GenerationStore } from '../store/store-types.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { RequestLog } from './request-log.js';

/**
 * The generation store as the batched writer sees it, with metrics and the per-request log
 * taken from each committed batch: tokens, cost, attempts and log lines are derived off the
 * request's path, once per record, and only for records that were really stored.
 */
export class ObservedGenerationStore implements GenerationStore {
  constructor(
    private readonly inner: GenerationStore,
    private readonly metrics: GatewayMetrics,
    private readonly requestLog: RequestLog | null,
  ) {}

  async insertGenerations(records: GenerationRecord[]): Promise<void> {
    const started = performance.now();
    try {
      await this.inner.insertGenerations(records);
    } catch (error) {
      this.metrics.observeStoreOperation('insert_generations', 'error', (performance.now() - started) / 1000);
      throw error;
    }
    this.metrics.observeStoreOperation('insert_generations', 'ok', (performance.now() - started) / 1000);
    this.metrics.observeGenerations(records);
    this.requestLog?.generations(records);
  }

  getGeneration(id: string): Promise<GenerationRecord | undefined> {
    return this.inner.getGeneration(id);
  }

  listGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]> {
    return this.inner.listGenerations(options);
  }
}
