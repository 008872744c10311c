import { randomUUID } from 'node:crypto';
import type { EndpointStatisticsCollector, MinuteCounts, RemoteMinuteInput, SharedMinute } from '../metering/stats/endpoint-statistics.js';
import type { RedisConnection } from './redis-connection.js';

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** Minutes of another process re-read on each pull: records commit a little after their minute. */
const REREAD_MINUTES = 3;

interface StoredMinute {
  s: number;
  e: number;
  r: number;
  /** Encoded DDSketches (metering/stats/sketch-codec.ts). */
  l?: unknown;
  t?: unknown;
}

export interface SharedEndpointStatisticsOptions {
  collector: EndpointStatisticsCollector;
  now: () => number;
  /** How often this process pushes its minutes and reads the others' (ms); 0: only when asked (tests). */
  syncIntervalMs?: number;
  /** This process's name in Redis (random by default). */
  processId?: string;
}

/**
 * Endpoint statistics merged across gateway processes. Each process pushes its live per-minute
 * counts and DDSketches (their bins) to `stats:<endpoint>:<minute>` hashes, one field per process,
 * expiring after a day; it reads the others' minutes back into its collector, which merges them
 * (sketches are mergeable, counts add up). Off the request path, on a timer. Redis down: the
 * figures are this process's own until it is back.
 */
export class SharedEndpointStatistics {
  private readonly collector: EndpointStatisticsCollector;
  private readonly now: () => number;
  private readonly processId: string;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Minutes already pushed, kept to push them again after a failure. */
  private unsent: SharedMinute[] = [];
  /** Per endpoint: the first minute the next pull reads (all live minutes the first time). */
  private readonly pulledFrom = new Map<string, number>();
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly connection: RedisConnection,
    options: SharedEndpointStatisticsOptions,
  ) {
    this.collector = options.collector;
    this.now = options.now;
    this.processId = options.processId ?? randomUUID();
    const interval = options.syncIntervalMs ?? 10_000;
    if (interval > 0) this.timer = setInterval(() => void this.sync(), interval).unref();
  }

  sync(): Promise<void> {
    this.syncing ??= (async () => {
      const changed = this.collector.takeChangedMinutes();
      // Re-exported minutes replace the unsent copies (they are the whole minute again).
      const byKey = new Map<string, SharedMinute>();
      for (const minute of [...this.unsent, ...changed]) byKey.set(`${minute.endpointId}\u0000${minute.minute}`, minute);
      this.unsent = [...byKey.values()];
      if (!this.connection.healthy) return;
      try {
        await this.push();
        await this.pull();
      } catch {
        // The connection records the failure; local figures carry on.
      }
    })().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private async push(): Promise<void> {
    if (this.unsent.length === 0) return;
    const minutes = this.unsent;
    const now = this.now();
    await this.connection.run('stats_push', (client) => {
      const pipeline = client.pipeline();
      for (const entry of minutes) {
        const key = this.connection.key('stats', entry.endpointId, String(entry.minute));
        pipeline.hset(key, this.processId, JSON.stringify(toStored(entry)));
        // Relative to the gateway's clock (Redis's may differ): kept while the day window can need it.
        pipeline.pexpire(key, Math.max(MINUTE_MS, (entry.minute + DAY_MINUTES + 1) * MINUTE_MS - now));
        pipeline.sadd(this.connection.key('stats-endpoints'), entry.endpointId);
      }
      pipeline.pexpire(this.connection.key('stats-endpoints'), DAY_MINUTES * MINUTE_MS);
      return pipeline.exec();
    });
    this.unsent = [];
  }

  private async pull(): Promise<void> {
    const endpoints = await this.connection.run('stats_endpoints', (client) => client.smembers(this.connection.key('stats-endpoints')));
    const current = Math.floor(this.now() / MINUTE_MS);
    const earliest = Math.max(this.collector.liveSinceMinute, current - DAY_MINUTES + 1);
    const reads: { endpointId: string; minute: number }[] = [];
    for (const endpointId of endpoints) {
      const from = Math.max(earliest, this.pulledFrom.get(endpointId) ?? earliest);
      for (let minute = from; minute <= current; minute += 1) reads.push({ endpointId, minute });
      this.pulledFrom.set(endpointId, current - REREAD_MINUTES);
    }
    if (reads.length === 0) return;
    const replies = await this.connection.run('stats_pull', (client) => {
      const pipeline = client.pipeline();
      for (const read of reads) pipeline.hgetall(this.connection.key('stats', read.endpointId, String(read.minute)));
      return pipeline.exec();
    });
    const byEndpoint = new Map<string, RemoteMinuteInput[]>();
    reads.forEach((read, index) => {
      const [error, fields] = replies?.[index] ?? [null, null];
      if (error !== null || fields === null || typeof fields !== 'object') return;
      const merged = mergeOthers(fields as Record<string, string>, this.processId);
      if (merged === null) return;
      let list = byEndpoint.get(read.endpointId);
      if (list === undefined) byEndpoint.set(read.endpointId, (list = []));
      list.push({ minute: read.minute, ...merged });
    });
    for (const [endpointId, minutes] of byEndpoint) this.collector.setRemoteMinutes(endpointId, minutes);
  }
}

function toStored(entry: SharedMinute): StoredMinute {
  const stored: StoredMinute = { s: entry.counts.successes, e: entry.counts.errors, r: entry.counts.rateLimited };
  if (entry.latency !== null) stored.l = entry.latency;
  if (entry.throughput !== null) stored.t = entry.throughput;
  return stored;
}

/**
 * The other processes' entries of one minute: counts added up, sketches one per process (the
 * collector merges them). Entries that do not parse are skipped (a newer gateway's format).
 */
function mergeOthers(fields: Record<string, string>, self: string): Omit<RemoteMinuteInput, 'minute'> | null {
  const counts: MinuteCounts = { successes: 0, errors: 0, rateLimited: 0 };
  const latency: unknown[] = [];
  const throughput: unknown[] = [];
  let any = false;
  for (const [processId, text] of Object.entries(fields)) {
    if (processId === self) continue;
    let stored: StoredMinute;
    try {
      stored = JSON.parse(text) as StoredMinute;
    } catch {
      continue;
    }
    if (typeof stored.s !== 'number' || typeof stored.e !== 'number' || typeof stored.r !== 'number') continue;
    any = true;
    counts.successes += stored.s;
    counts.errors += stored.e;
    counts.rateLimited += stored.r;
    if (stored.l !== undefined) latency.push(stored.l);
    if (stored.t !== undefined) throughput.push(stored.t);
  }
  return any ? { counts, latency, throughput } : null;
}
