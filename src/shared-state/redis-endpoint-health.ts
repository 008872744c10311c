import { MemoryEndpointHealth, type EndpointHealthOptions } from '../routing/endpoint-health-memory.js';
import type { AttemptResult, EndpointHealth, EndpointHealthState, Percentile } from '../routing/endpoint-health.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

/**
 * Adds one process's batch for one endpoint. ARGV: prefix, endpoint id, last failure, last
 * success, cooling until, oldest slice kept, then field, count pairs (s:/f:/r:<slice>).
 * Timestamps keep their maximum; slices older than the window are dropped.
 */
const PUSH_SCRIPT = `
local key = ARGV[1] .. 'health:' .. ARGV[2]
for index, field in ipairs({'lastFailureAt', 'lastSuccessAt', 'coolingUntil'}) do
  local value = tonumber(ARGV[2 + index])
  if value > tonumber(redis.call('HGET', key, field) or '0') then redis.call('HSET', key, field, ARGV[2 + index]) end
end
for index = 7, #ARGV, 2 do redis.call('HINCRBY', key, ARGV[index], ARGV[index + 1]) end
local oldest = tonumber(ARGV[6])
for _, field in ipairs(redis.call('HKEYS', key)) do
  local slice = tonumber(string.match(field, '^%a:(%d+)$'))
  if slice and slice < oldest then redis.call('HDEL', key, field) end
end
redis.call('PEXPIRE', key, 600000)
return 1
`;
const PUSH = new RedisScript('health_push', PUSH_SCRIPT);
const BUCKETS = 6;

/** Every process's counts for an endpoint over the window, as last read from Redis. */
interface SharedCounts {
  successes: number;
  failures: number;
  lastFailureAt: number;
  lastSuccessAt: number;
  coolingUntil: number;
}

interface PendingBatch {
  counts: Map<string, number>;
  lastFailureAt: number;
  lastSuccessAt: number;
  coolingUntil: number;
}

type Settings = Required<Pick<EndpointHealthOptions, 'windowMs' | 'minFailures' | 'failureRatio' | 'trialIntervalMs'>>;

/** This process's state of an endpoint, overlaid with what all processes reported. */
class SharedState implements EndpointHealthState {
  shared: SharedCounts | undefined;
  lastTrialAt = 0;

  constructor(
    private readonly local: () => EndpointHealthState | undefined,
    private readonly settings: Settings,
    private readonly connected: () => boolean,
  ) {}

  private get view(): SharedCounts | undefined {
    return this.connected() ? this.shared : undefined;
  }

  sharedOutage(now: number): boolean {
    const shared = this.view;
    if (shared === undefined) return false;
    const { failures, successes, lastFailureAt, lastSuccessAt } = shared;
    return (
      lastFailureAt > lastSuccessAt &&
      now - lastFailureAt < this.settings.windowMs &&
      failures >= this.settings.minFailures &&
      failures >= (failures + successes) * this.settings.failureRatio
    );
  }

  inOutage(now: number): boolean {
    return (this.local()?.inOutage(now) ?? false) || this.sharedOutage(now);
  }

  get coolingUntil(): number {
    return Math.max(this.local()?.coolingUntil ?? 0, this.view?.coolingUntil ?? 0);
  }

  get lastFailureAt(): number {
    return Math.max(this.local()?.lastFailureAt ?? 0, this.view?.lastFailureAt ?? 0);
  }

  latencyMs(percentile: Percentile, now: number): number | undefined {
    return this.local()?.latencyMs(percentile, now);
  }

  throughput(percentile: Percentile, now: number): number | undefined {
    return this.local()?.throughput(percentile, now);
  }
}

export interface RedisEndpointHealthOptions extends EndpointHealthOptions {
  /** How often batched counts are pushed and the shared view is read (ms); 0: only when asked (tests). */
  syncIntervalMs?: number;
  /** The health clock (the router's). */
  now: () => number;
}

/**
 * Endpoint health shared by gateway processes. The planner reads memory only: this process's
 * own windows (MemoryEndpointHealth) overlaid with a snapshot of every process's counts,
 * refreshed in the background. Attempt outcomes are recorded locally at once and pushed to
 * Redis in batches (one script per endpoint per sync). Redis down: the local windows alone.
 */
export class RedisEndpointHealth implements EndpointHealth {
  private readonly local: MemoryEndpointHealth;
  private readonly states = new Map<string, SharedState>();
  private readonly pending = new Map<string, PendingBatch>();
  private readonly settings: Settings;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisEndpointHealthOptions,
  ) {
    this.local = new MemoryEndpointHealth(options);
    this.settings = {
      windowMs: options.windowMs ?? 30_000,
      minFailures: options.minFailures ?? 3,
      failureRatio: options.failureRatio ?? 0.5,
      trialIntervalMs: options.trialIntervalMs ?? 5_000,
    };
    this.sliceMs = this.settings.windowMs / BUCKETS;
    this.now = options.now;
    const interval = options.syncIntervalMs ?? 500;
    if (interval > 0) this.timer = setInterval(() => void this.sync(), interval).unref();
  }

  state(endpointId: string): EndpointHealthState | undefined {
    const state = this.states.get(endpointId);
    if (state !== undefined) return state;
    // First sight: watched from now on, so the next sync reads other processes' counts for it.
    this.stateOf(endpointId);
    return this.local.state(endpointId);
  }

  claimTrial(endpointId: string, now: number): boolean {
    const state = this.stateOf(endpointId);
    if (this.local.state(endpointId)?.inOutage(now)) return this.local.claimTrial(endpointId, now);
    if (!state.sharedOutage(now)) return false;
    // Each process sends its own trials to an endpoint another process found failing.
    if (now - state.lastTrialAt < this.settings.trialIntervalMs) return false;
    state.lastTrialAt = now;
    return true;
  }

  recordResult(endpointId: string, result: AttemptResult, at: number, retryAfterSeconds?: number): void {
    this.local.recordResult(endpointId, result, at, retryAfterSeconds);
    this.stateOf(endpointId);
    let batch = this.pending.get(endpointId);
    if (batch === undefined) this.pending.set(endpointId, (batch = { counts: new Map(), lastFailureAt: 0, lastSuccessAt: 0, coolingUntil: 0 }));
    const field = `${result === 'success' ? 's' : result === 'failure' ? 'f' : 'r'}:${Math.floor(at / this.sliceMs)}`;
    batch.counts.set(field, (batch.counts.get(field) ?? 0) + 1);
    if (result === 'success') batch.lastSuccessAt = Math.max(batch.lastSuccessAt, at);
    else if (result === 'failure') batch.lastFailureAt = Math.max(batch.lastFailureAt, at);
    if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) batch.coolingUntil = Math.max(batch.coolingUntil, at + retryAfterSeconds * 1000);
  }

  recordLatency(endpointId: string, milliseconds: number, at: number): void {
    this.local.recordLatency(endpointId, milliseconds, at);
  }

  recordThroughput(endpointId: string, tokensPerSecond: number, at: number): void {
    this.local.recordThroughput(endpointId, tokensPerSecond, at);
  }

  /** Pushes the batched counts, then reads every watched endpoint's shared counts. */
  sync(): Promise<void> {
    this.syncing ??= (async () => {
      if (!this.connection.healthy) {
        // Health is a recent window: counts held through an outage would be stale when it ends.
        this.pending.clear();
        return;
      }
      try {
        await this.push();
        await this.refresh();
      } catch {
        // The connection records the failure; the local windows carry on.
      }
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private stateOf(endpointId: string): SharedState {
    let state = this.states.get(endpointId);
    if (state === undefined) {
      state = new SharedState(() => this.local.state(endpointId), this.settings, () => this.connection.healthy);
      this.states.set(endpointId, state);
    }
    return state;
  }

  private async push(): Promise<void> {
    if (this.pending.size === 0) return;
    const batches = [...this.pending];
    this.pending.clear();
    const oldest = Math.floor(this.now() / this.sliceMs) - BUCKETS;
    const prefix = this.connection.keyPrefix;
    // Counts of a failed push are lost to the other processes (this one has them locally): health is a recent-window estimate.
    await Promise.all(
      batches.map(([endpointId, batch]) => {
        const args: (string | number)[] = [prefix, endpointId, batch.lastFailureAt, batch.lastSuccessAt, batch.coolingUntil, oldest];
        for (const [field, count] of batch.counts) args.push(field, count);
        return PUSH.run(this.connection, args);
      }),
    );
  }

  private async refresh(): Promise<void> {
    const ids = [...this.states.keys()];
    if (ids.length === 0) return;
    const replies = await this.connection.run('health_read', (client) => {
      const pipeline = client.pipeline();
      for (const id of ids) pipeline.hgetall(this.connection.key('health', id));
      return pipeline.exec();
    });
    const now = this.now();
    const firstSlice = Math.floor(now / this.sliceMs) - BUCKETS + 1;
    ids.forEach((id, index) => {
      const [error, fields] = replies?.[index] ?? [null, null];
      if (error !== null || fields === null || typeof fields !== 'object') return;
      this.stateOf(id).shared = sharedCounts(fields as Record<string, string>, firstSlice);
    });
  }
}

function sharedCounts(fields: Record<string, string>, firstSlice: number): SharedCounts {
  const counts: SharedCounts = {
    successes: 0,
    failures: 0,
    lastFailureAt: Number(fields.lastFailureAt ?? 0),
    lastSuccessAt: Number(fields.lastSuccessAt ?? 0),
    coolingUntil: Number(fields.coolingUntil ?? 0),
  };
  for (const [field, value] of Object.entries(fields)) {
    const match = /^([sf]):(\d+)$/.exec(field);
    if (match === null || Number(match[2]) < firstSlice) continue;
    if (match[1] === 's') counts.successes += Number(value);
    else counts.failures += Number(value);
  }
  return counts;
}
