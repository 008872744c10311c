import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GenerationRecord } from '../store/store-types.js';
import { picodollarsToUsd } from '../spec/money.js';

/** Seconds buckets for whole HTTP requests (streams included) and upstream times. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds buckets for store writes and Redis calls (sub-millisecond matters). */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The gateway's Prometheus metrics (`GET /metrics`). Request counters are bumped on the hot
 * path through cached label children (prom-client hashes label objects on every lookup
 * otherwise); everything derived from generation records (tokens, cost, attempts, upstream
 * latency) is observed when the batched writer commits them, off the request's path.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'switchboard_http_requests_total', help: 'HTTP requests by route, method and status', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  private readonly requestSeconds = new Histogram({ name: 'switchboard_http_request_duration_seconds', help: 'HTTP request duration (to the last byte, streams included)', labelNames: ['route'] as const, buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly errors = new Counter({ name: 'switchboard_errors_total', help: 'Errors returned to clients, by error kind', labelNames: ['kind'] as const, registers: [this.registry] });
  private readonly attempts = new Counter({ name: 'switchboard_upstream_attempts_total', help: 'Upstream attempts by provider and outcome (ok, http_<status>, or the error kind)', labelNames: ['provider', 'outcome'] as const, registers: [this.registry] });
  private readonly upstreamFirstToken = new Histogram({ name: 'switchboard_upstream_first_token_seconds', help: 'Time to first token of served generations, by provider', labelNames: ['provider'] as const, buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly generations = new Counter({ name: 'switchboard_generations_total', help: 'Metered generations by model, provider and outcome', labelNames: ['model', 'provider', 'outcome'] as const, registers: [this.registry] });
  private readonly tokens = new Counter({ name: 'switchboard_tokens_total', help: 'Tokens metered, by model and type', labelNames: ['model', 'type'] as const, registers: [this.registry] });
  private readonly cost = new Counter({ name: 'switchboard_cost_usd_total', help: 'Cost metered in USD, by model', labelNames: ['model'] as const, registers: [this.registry] });
  private readonly storeSeconds = new Histogram({ name: 'switchboard_store_operation_duration_seconds', help: 'Store operation latency', labelNames: ['operation', 'outcome'] as const, buckets: STORE_BUCKETS, registers: [this.registry] });
  private readonly redisSeconds = new Histogram({ name: 'switchboard_redis_command_duration_seconds', help: 'Redis command and script latency (shared state), by operation and outcome', labelNames: ['operation', 'outcome'] as const, buckets: STORE_BUCKETS, registers: [this.registry] });
  private readonly requestChildren = new Map<string, Counter.Internal>();
  private readonly durationChildren = new Map<string, Histogram.Internal<'route'>>();

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
  }

  /** One finished HTTP request (hot path: two map lookups and two increments). */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    const key = `${route}\u0000${method}\u0000${status}`;
    let counter = this.requestChildren.get(key);
    if (counter === undefined) {
      counter = this.requests.labels(route, method, String(status));
      this.requestChildren.set(key, counter);
    }
    counter.inc();
    let histogram = this.durationChildren.get(route);
    if (histogram === undefined) {
      histogram = this.requestSeconds.labels(route);
      this.durationChildren.set(route, histogram);
    }
    histogram.observe(seconds);
  }

  observeError(kind: string): void {
    this.errors.labels(kind).inc();
  }

  /**
   * Records committed by the generation writer: tokens, cost, attempts, time to first token.
   * A batch is summed per series first, so each series is touched once per batch.
   */
  observeGenerations(records: readonly GenerationRecord[]): void {
    const sums = new Map<string, { add: (value: number) => void; value: number }>();
    const add = (key: string, bump: () => (value: number) => void, value: number): void => {
      let entry = sums.get(key);
      if (entry === undefined) sums.set(key, (entry = { add: bump(), value: 0 }));
      entry.value += value;
    };
    for (const record of records) {
      const { model } = record;
      const provider = record.providerSlug ?? 'none';
      const outcome = record.cancelled ? 'cancelled' : record.errorMessage !== null ? 'error' : 'ok';
      add(`g\u0000${model}\u0000${provider}\u0000${outcome}`, () => (value) => this.generations.labels(model, provider, outcome).inc(value), 1);
      add(`t\u0000${model}\u0000prompt`, () => (value) => this.tokens.labels(model, 'prompt').inc(value), record.tokensPrompt);
      add(`t\u0000${model}\u0000completion`, () => (value) => this.tokens.labels(model, 'completion').inc(value), record.tokensCompletion);
      if (record.nativeTokensReasoning > 0) add(`t\u0000${model}\u0000reasoning`, () => (value) => this.tokens.labels(model, 'reasoning').inc(value), record.nativeTokensReasoning);
      if (record.nativeTokensCached > 0) add(`t\u0000${model}\u0000cached`, () => (value) => this.tokens.labels(model, 'cached').inc(value), record.nativeTokensCached);
      if (record.totalCost > 0n) add(`c\u0000${model}`, () => (value) => this.cost.labels(model).inc(value), picodollarsToUsd(record.totalCost));
      if (record.latencyMs !== null) this.upstreamFirstToken.labels(provider).observe(record.latencyMs / 1000);
      for (const attempt of record.attempts) {
        const attemptOutcome = attempt.status === 200 ? 'ok' : attempt.status !== null ? `http_${attempt.status}` : (attempt.errorKind ?? 'failed');
        add(`a\u0000${attempt.providerSlug}\u0000${attemptOutcome}`, () => (value) => this.attempts.labels(attempt.providerSlug, attemptOutcome).inc(value), 1);
      }
    }
    for (const { add: apply, value } of sums.values()) apply(value);
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
