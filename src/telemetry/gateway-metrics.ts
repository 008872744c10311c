import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { FastCounter, FastHistogram } from './labelled-series.js';
import type { GenerationRecord } from '../store/store-types.js';
import { picodollarsToUsd } from '../spec/money.js';

/** Seconds buckets for whole HTTP requests (streams included) and upstream times. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds buckets for store writes and Redis calls (sub-millisecond matters). */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The gateway's Prometheus metrics (`GET /metrics`). Series are bumped in place
 * (labelled-series.ts; prom-client renders them, adds the process metrics and aggregates
 * cluster workers); everything derived from generation records (tokens, cost, attempts,
 * upstream latency) is observed when the batched writer commits them, off the request's path.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new FastCounter('switchboard_http_requests_total', 'HTTP requests by route, method and status', ['route', 'method', 'status'], this.registry);
  private readonly requestSeconds = new FastHistogram('switchboard_http_request_duration_seconds', 'HTTP request duration (to the last byte, streams included)', ['route'], DURATION_BUCKETS, this.registry);
  private readonly errors = new FastCounter('switchboard_errors_total', 'Errors returned to clients, by error kind', ['kind'], this.registry);
  private readonly attempts = new FastCounter('switchboard_upstream_attempts_total', 'Upstream attempts by provider and outcome (ok, http_<status>, or the error kind)', ['provider', 'outcome'], this.registry);
  private readonly upstreamFirstToken = new FastHistogram('switchboard_upstream_first_token_seconds', 'Time to first token of served generations, by provider', ['provider'], DURATION_BUCKETS, this.registry);
  private readonly generations = new FastCounter('switchboard_generations_total', 'Metered generations by model, provider and outcome', ['model', 'provider', 'outcome'], this.registry);
  private readonly tokens = new FastCounter('switchboard_tokens_total', 'Tokens metered, by model and type', ['model', 'type'], this.registry);
  private readonly cost = new FastCounter('switchboard_cost_usd_total', 'Cost metered in USD, by model', ['model'], this.registry);
  private readonly storeSeconds = new FastHistogram('switchboard_store_operation_duration_seconds', 'Store operation latency', ['operation', 'outcome'], STORE_BUCKETS, this.registry);
  private readonly redisSeconds = new FastHistogram('switchboard_redis_command_duration_seconds', 'Redis command and script latency (shared state), by operation and outcome', ['operation', 'outcome'], STORE_BUCKETS, this.registry);

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /** One finished HTTP request (hot path: two map lookups and two increments). */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.labels(route, method, String(status)).inc();
    this.requestSeconds.labels(route).observe(seconds);
  }

  observeError(kind: string): void {
    this.errors.labels(kind).inc();
  }

  /** Records committed by the generation writer: tokens, cost, attempts, time to first token. */
  observeGenerations(records: readonly GenerationRecord[]): void {
    for (const record of records) {
      const { model } = record;
      const provider = record.providerSlug ?? 'none';
      const outcome = record.cancelled ? 'cancelled' : record.errorMessage !== null ? 'error' : 'ok';
      this.generations.labels(model, provider, outcome).inc();
      this.tokens.labels(model, 'prompt').inc(record.tokensPrompt);
      this.tokens.labels(model, 'completion').inc(record.tokensCompletion);
      if (record.nativeTokensReasoning > 0) this.tokens.labels(model, 'reasoning').inc(record.nativeTokensReasoning);
      if (record.nativeTokensCached > 0) this.tokens.labels(model, 'cached').inc(record.nativeTokensCached);
      if (record.totalCost > 0n) this.cost.labels(model).inc(picodollarsToUsd(record.totalCost));
      if (record.latencyMs !== null) this.upstreamFirstToken.labels(provider).observe(record.latencyMs / 1000);
      for (const attempt of record.attempts) {
        const attemptOutcome = attempt.status === 200 ? 'ok' : attempt.status !== null ? `http_${attempt.status}` : (attempt.errorKind ?? 'failed');
        this.attempts.labels(attempt.providerSlug, attemptOutcome).inc();
      }
    }
  }

  observeStoreOperation(operation: string, outcome: 'ok' | 'error', seconds: number): void {
    this.storeSeconds.labels(operation, outcome).observe(seconds);
  }

  private renderer: (() => Promise<{ contentType: string; text: string }>) | undefined;

  /**
   * Generation records waiting for the store (read at scrape time): above zero for long, the
   * store is failing; at `store.max_pending_records`, new requests are refused.
   */
  observePendingRecords(count: () => number): void {
    new Gauge({
      name: 'switchboard_store_pending_records',
      help: 'Generation records not yet written to the store',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  /**
   * Serves /metrics from elsewhere: a cluster worker asks the primary for every worker's
   * metrics aggregated, so no worker's own numbers pass for the whole gateway's.
   */
  useRenderer(renderer: () => Promise<{ contentType: string; text: string }>): void {
    this.renderer = renderer;
  }

  observeRedisCommand(operation: string, outcome: 'ok' | 'error', seconds: number): void {
    this.redisSeconds.labels(operation, outcome).observe(seconds);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    if (this.renderer !== undefined) return this.renderer();
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
