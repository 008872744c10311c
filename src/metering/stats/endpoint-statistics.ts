import { DDSketch } from '@datadog/sketches-js';
import type { EndpointStatistics, Percentiles } from '../../spec/usage-statistics.js';
import type { GenerationRecord } from '../../store/store-types.js';
import { decodeSketch, encodeSketch, type EncodedSketch } from './sketch-codec.js';

/** One bucket (an hour by default) of an endpoint's uptime. */
export interface UptimeBucket {
  /** Unix ms of the bucket's start (UTC). */
  start: number;
  /** Percent, null with no counted requests that hour. */
  uptime: number | null;
  successes: number;
  errors: number;
  /** Excluded from uptime. */
  rateLimited: number;
}

export interface EndpointStatisticsOptions {
  now: () => number;
  /** Fewer counted requests in a window than this gives null uptime (none always does). */
  minimumUptimeSamples?: number;
  /** Relative accuracy of the percentile sketches. */
  relativeAccuracy?: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const UPTIME_MINUTES = 24 * 60;
const SKETCH_MINUTES = 30;

export interface MinuteCounts {
  successes: number;
  errors: number;
  rateLimited: number;
}

interface MinuteSketches {
  latency: DDSketch;
  throughput: DDSketch;
}

interface EndpointWindows {
  counts: Map<number, MinuteCounts>;
  sketches: Map<number, MinuteSketches>;
}

/** One endpoint-minute of one process, as shared with the others. */
export interface SharedMinute {
  endpointId: string;
  minute: number;
  counts: MinuteCounts;
  latency: EncodedSketch | null;
  throughput: EncodedSketch | null;
}

/** Other processes' figures for one endpoint-minute: counts added up, sketches one per process (as encoded). */
export interface RemoteMinuteInput {
  minute: number;
  counts: MinuteCounts;
  latency: readonly unknown[];
  throughput: readonly unknown[];
}

/** Other processes' minutes of one endpoint (merged into what this process shows). */
interface RemoteMinute {
  counts: MinuteCounts;
  latency: DDSketch | null;
  throughput: DDSketch | null;
}

/**
 * Per-endpoint latency, throughput and uptime, fed with committed generation records (off the
 * request path). Each minute keeps its own DDSketch, and a window's percentiles come from
 * merging the minutes' sketches: mergeable, so several gateway processes can combine theirs.
 */
export class EndpointStatisticsCollector {
  private readonly endpoints = new Map<string, EndpointWindows>();
  private readonly now: () => number;
  private readonly minimumSamples: number;
  private readonly relativeAccuracy: number;
  private prunedAt = 0;
  /** Minutes observed live since the last export (shared state), per endpoint. */
  private readonly changed = new Map<string, Set<number>>();
  /** Other processes' minutes (src/shared-state/), by endpoint then minute. */
  private readonly remote = new Map<string, Map<number, RemoteMinute>>();
  /**
   * Shared minutes start here, the minute after start: earlier ones (the start minute too) are
   * replayed from the (shared) store, which holds every process's records, so they are neither
   * exported nor merged (no record is counted twice).
   */
  readonly liveSinceMinute: number;

  constructor(options: EndpointStatisticsOptions) {
    this.now = options.now;
    this.liveSinceMinute = minuteOf(options.now()) + 1;
    this.minimumSamples = options.minimumUptimeSamples ?? 1;
    this.relativeAccuracy = options.relativeAccuracy ?? 0.01;
  }

  /** Counts every attempt of each record; the served attempt also gives latency and throughput. */
  observe(records: readonly GenerationRecord[]): void {
    const current = minuteOf(this.now());
    if (current !== this.prunedAt) {
      this.prunedAt = current;
      for (const windows of this.endpoints.values()) this.prune(windows, current);
    }
    for (const record of records) {
      for (const event of attemptEvents(record, current)) {
        const windows = this.windowsOf(event.endpointId);
        addCounts(countsAt(windows, event.minute), event.outcome);
        if (event.minute >= this.liveSinceMinute) this.markChanged(event.endpointId, event.minute);
        if (event.served && event.minute > current - SKETCH_MINUTES) this.addSamples(this.sketchesAt(windows, event.minute), event);
      }
    }
  }

  /**
   * The figures `GET /models/{author}/{slug}/endpoints` shows for an endpoint. `unobserved` are
   * records not committed yet (the writer's pending ones): counted for this read only, so a
   * request shows the moment it ended without the hot path touching the sketches.
   */
  statistics(endpointId: string, unobserved: Iterable<GenerationRecord> = []): EndpointStatistics {
    const current = minuteOf(this.now());
    const windows = this.endpoints.get(endpointId);
    const latency = new DDSketch({ relativeAccuracy: this.relativeAccuracy });
    const throughput = new DDSketch({ relativeAccuracy: this.relativeAccuracy });
    const extraCounts = new Map<number, MinuteCounts>();
    for (const record of unobserved) {
      for (const event of attemptEvents(record, current)) {
        if (event.endpointId !== endpointId) continue;
        let counts = extraCounts.get(event.minute);
        if (counts === undefined) extraCounts.set(event.minute, (counts = { successes: 0, errors: 0, rateLimited: 0 }));
        addCounts(counts, event.outcome);
        if (event.served && event.minute > current - SKETCH_MINUTES) this.addSamples({ latency, throughput }, event);
      }
    }
    const remote = this.remote.get(endpointId);
    if (windows === undefined && extraCounts.size === 0 && remote === undefined) {
      return { latencyLast30m: null, throughputLast30m: null, uptimeLast5m: null, uptimeLast30m: null, uptimeLast1d: null };
    }
    if (windows !== undefined) {
      this.prune(windows, current);
      for (const [minute, sketches] of windows.sketches) {
        if (minute <= current - SKETCH_MINUTES) continue;
        latency.merge(sketches.latency);
        throughput.merge(sketches.throughput);
      }
    }
    for (const [minute, shared] of remote ?? []) {
      if (minute <= current - SKETCH_MINUTES) continue;
      if (shared.latency !== null) latency.merge(shared.latency);
      if (shared.throughput !== null) throughput.merge(shared.throughput);
    }
    const counts = [...(windows?.counts ?? []), ...extraCounts, ...remoteCounts(remote)];
    return {
      latencyLast30m: percentiles(latency),
      throughputLast30m: percentiles(throughput),
      uptimeLast5m: this.uptime(counts, current, 5),
      uptimeLast30m: this.uptime(counts, current, 30),
      uptimeLast1d: this.uptime(counts, current, UPTIME_MINUTES),
    };
  }

  /**
   * Uptime for the last `hours` hours (at most the day the counters keep) in buckets of
   * `bucketMs` (a whole number of minutes, an hour by default), oldest first, the current last.
   */
  uptimeHistory(endpointId: string, hours = 24, bucketMs = HOUR_MS): UptimeBucket[] {
    const size = Math.max(MINUTE_MS, Math.round(bucketMs / MINUTE_MS) * MINUTE_MS);
    const count = Math.max(1, Math.ceil((Math.min(24, hours) * HOUR_MS) / size));
    const currentStart = Math.floor(this.now() / size) * size;
    const buckets: UptimeBucket[] = [];
    for (let index = count - 1; index >= 0; index -= 1) {
      buckets.push({ start: currentStart - index * size, uptime: null, successes: 0, errors: 0, rateLimited: 0 });
    }
    const windows = this.endpoints.get(endpointId);
    const remote = this.remote.get(endpointId);
    if (windows === undefined && remote === undefined) return buckets;
    const first = buckets[0]!.start;
    for (const [minute, counts] of [...(windows?.counts ?? []), ...remoteCounts(remote)]) {
      const index = Math.floor((minute * MINUTE_MS - first) / size);
      const bucket = buckets[index];
      if (bucket === undefined) continue;
      bucket.successes += counts.successes;
      bucket.errors += counts.errors;
      bucket.rateLimited += counts.rateLimited;
    }
    for (const bucket of buckets) {
      const counted = bucket.successes + bucket.errors;
      bucket.uptime = counted === 0 ? null : roundTo((bucket.successes / counted) * 100, 2);
    }
    return buckets;
  }

  /** This process's live minutes changed since the last call, to share with other processes. */
  takeChangedMinutes(): SharedMinute[] {
    const minutes: SharedMinute[] = [];
    const current = minuteOf(this.now());
    for (const [endpointId, changed] of this.changed) {
      const windows = this.endpoints.get(endpointId);
      for (const minute of changed) {
        const counts = windows?.counts.get(minute);
        if (counts === undefined) continue;
        const sketches = minute > current - SKETCH_MINUTES ? windows?.sketches.get(minute) : undefined;
        minutes.push({
          endpointId, minute, counts: { ...counts },
          latency: sketches !== undefined && sketches.latency.count > 0 ? encodeSketch(sketches.latency) : null,
          throughput: sketches !== undefined && sketches.throughput.count > 0 ? encodeSketch(sketches.throughput) : null,
        });
      }
    }
    this.changed.clear();
    return minutes;
  }

  /** Other processes' live minutes of an endpoint (each minute replaced whole). */
  setRemoteMinutes(endpointId: string, minutes: readonly RemoteMinuteInput[]): void {
    const current = minuteOf(this.now());
    let byMinute = this.remote.get(endpointId);
    if (byMinute === undefined) this.remote.set(endpointId, (byMinute = new Map()));
    for (const entry of minutes) {
      if (entry.minute < this.liveSinceMinute) continue;
      byMinute.set(entry.minute, {
        counts: entry.counts,
        latency: this.mergedSketch(entry.latency),
        throughput: this.mergedSketch(entry.throughput),
      });
    }
    for (const minute of byMinute.keys()) if (minute <= current - UPTIME_MINUTES) byMinute.delete(minute);
  }

  private mergedSketch(encoded: readonly unknown[]): DDSketch | null {
    if (encoded.length === 0) return null;
    const sketch = new DDSketch({ relativeAccuracy: this.relativeAccuracy });
    for (const data of encoded) {
      const decoded = decodeSketch(data, this.relativeAccuracy);
      if (decoded !== null) sketch.merge(decoded);
    }
    return sketch;
  }

  private markChanged(endpointId: string, minute: number): void {
    let changed = this.changed.get(endpointId);
    if (changed === undefined) this.changed.set(endpointId, (changed = new Set()));
    changed.add(minute);
  }

  private uptime(counts: Iterable<[number, MinuteCounts]>, current: number, minutes: number): number | null {
    let successes = 0;
    let errors = 0;
    for (const [minute, entry] of counts) {
      if (minute <= current - minutes || minute > current) continue;
      successes += entry.successes;
      errors += entry.errors;
    }
    const counted = successes + errors;
    return counted === 0 || counted < this.minimumSamples ? null : roundTo((successes / counted) * 100, 2);
  }

  private sketchesAt(windows: EndpointWindows, minute: number): MinuteSketches {
    let sketches = windows.sketches.get(minute);
    if (sketches === undefined) {
      sketches = { latency: new DDSketch({ relativeAccuracy: this.relativeAccuracy }), throughput: new DDSketch({ relativeAccuracy: this.relativeAccuracy }) };
      windows.sketches.set(minute, sketches);
    }
    return sketches;
  }

  private addSamples(sketches: MinuteSketches, event: AttemptEvent): void {
    if (event.latencyMs >= 0) sketches.latency.accept(event.latencyMs);
    if (event.tokensPerSecond !== null) sketches.throughput.accept(event.tokensPerSecond);
  }

  private windowsOf(endpointId: string): EndpointWindows {
    let windows = this.endpoints.get(endpointId);
    if (windows === undefined) {
      windows = { counts: new Map(), sketches: new Map() };
      this.endpoints.set(endpointId, windows);
    }
    return windows;
  }

  private prune(windows: EndpointWindows, current: number): void {
    for (const minute of windows.counts.keys()) if (minute <= current - UPTIME_MINUTES) windows.counts.delete(minute);
    for (const minute of windows.sketches.keys()) if (minute <= current - SKETCH_MINUTES) windows.sketches.delete(minute);
  }
}

/** One attempt of a record, as the windows count it. */
interface AttemptEvent {
  endpointId: string;
  minute: number;
  outcome: 'success' | 'error' | 'rate_limited';
  /** The attempt that produced the answer: it also gives latency and throughput samples. */
  served: boolean;
  latencyMs: number;
  tokensPerSecond: number | null;
}

/**
 * The attempts of a record within the last day. A 429 is rate-limited (not counted in uptime);
 * the served attempt is an error when its answer failed mid-stream; cancelled attempts are left
 * out. Throughput needs a generation phase: streamed answers, first token to the end.
 */
function* attemptEvents(record: GenerationRecord, currentMinute: number): Generator<AttemptEvent> {
  const minute = minuteOf(record.createdAt);
  if (minute <= currentMinute - UPTIME_MINUTES) return;
  for (const attempt of record.attempts) {
    if (attempt.errorKind === 'cancelled') continue;
    const served = attempt.status === 200 && attempt.endpointId === record.endpointId;
    const outcome =
      attempt.status === 429 ? 'rate_limited'
      : attempt.status === 200 && !(served && record.finishReason === 'error' && !record.cancelled) ? 'success'
      : 'error';
    const generationMs = record.generationTimeMs ?? 0;
    const tokensPerSecond = served && generationMs > 0 && record.tokensCompletion > 0 ? record.tokensCompletion / (generationMs / 1000) : null;
    yield { endpointId: attempt.endpointId, minute, outcome, served, latencyMs: attempt.latencyMs, tokensPerSecond };
  }
}

function* remoteCounts(remote: Map<number, RemoteMinute> | undefined): Generator<[number, MinuteCounts]> {
  if (remote === undefined) return;
  for (const [minute, entry] of remote) yield [minute, entry.counts];
}

function addCounts(counts: MinuteCounts, outcome: AttemptEvent['outcome']): void {
  if (outcome === 'success') counts.successes += 1;
  else if (outcome === 'error') counts.errors += 1;
  else counts.rateLimited += 1;
}

function countsAt(windows: EndpointWindows, minute: number): MinuteCounts {
  let counts = windows.counts.get(minute);
  if (counts === undefined) {
    counts = { successes: 0, errors: 0, rateLimited: 0 };
    windows.counts.set(minute, counts);
  }
  return counts;
}

function minuteOf(unixMs: number): number {
  return Math.floor(unixMs / MINUTE_MS);
}

function percentiles(sketch: DDSketch): Percentiles | null {
  if (sketch.count === 0) return null;
  return {
    p50: roundTo(sketch.getValueAtQuantile(0.5), 1),
    p75: roundTo(sketch.getValueAtQuantile(0.75), 1),
    p90: roundTo(sketch.getValueAtQuantile(0.9), 1),
    p99: roundTo(sketch.getValueAtQuantile(0.99), 1),
  };
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
