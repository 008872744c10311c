import type { AttemptResult, EndpointHealth, EndpointHealthState, Percentile } from './endpoint-health.js';

/** Tunables of the in-memory health; defaults follow OpenRouter's "no significant outage in the last 30 seconds". */
export interface EndpointHealthOptions {
  /** Sliding window for success/failure counts (outage detection). */
  windowMs?: number;
  /** Failures in the window, at least, before an outage is declared. */
  minFailures?: number;
  /** Share of failed attempts in the window that makes an outage. */
  failureRatio?: number;
  /** Consecutive failures that make an outage regardless of the ratio. */
  consecutiveFailures?: number;
  /** Time between trial requests to an endpoint in outage. */
  trialIntervalMs?: number;
  /** Window for latency and throughput percentiles (OpenRouter: rolling 5 minutes). */
  sampleWindowMs?: number;
  /** Most samples kept per endpoint and metric. */
  maxSamples?: number;
}

const BUCKETS = 6;
const PERCENTILE_FRACTION: Record<Percentile, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p99: 0.99 };

/** Recent samples of one metric in a ring, sorted lazily (only when a percentile is asked for). */
class SampleRing {
  private readonly values: Float64Array;
  private readonly times: Float64Array;
  private next = 0;
  private size = 0;
  private sorted: Float64Array | null = null;
  private sortedAt = 0;

  constructor(capacity: number, private readonly windowMs: number) {
    this.values = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  add(value: number, at: number): void {
    this.values[this.next] = value;
    this.times[this.next] = at;
    this.next = (this.next + 1) % this.values.length;
    if (this.size < this.values.length) this.size += 1;
    this.sorted = null;
  }

  percentile(fraction: number, now: number): number | undefined {
    // Re-sorted at most once per second of clock time or per new sample.
    if (this.sorted === null || now - this.sortedAt > 1000) {
      const fresh: number[] = [];
      for (let index = 0; index < this.size; index++) {
        if (now - (this.times[index] ?? 0) <= this.windowMs) fresh.push(this.values[index] ?? 0);
      }
      this.sorted = Float64Array.from(fresh).sort();
      this.sortedAt = now;
    }
    const count = this.sorted.length;
    if (count === 0) return undefined;
    return this.sorted[Math.min(count - 1, Math.ceil(fraction * count) - 1)];
  }
}

/** One endpoint's counters: six buckets of windowMs/6 each, plus the outage state. */
class EndpointRecord implements EndpointHealthState {
  private readonly bucketStart = new Float64Array(BUCKETS);
  private readonly successes = new Uint32Array(BUCKETS);
  private readonly failures = new Uint32Array(BUCKETS);
  private consecutive = 0;
  /** Unix ms the outage began; 0 when there is none. */
  outageSince = 0;
  lastTrialAt = 0;
  coolingUntil = 0;
  lastFailureAt = 0;
  readonly latency: SampleRing;
  readonly speed: SampleRing;

  constructor(private readonly settings: Required<EndpointHealthOptions>) {
    this.latency = new SampleRing(settings.maxSamples, settings.sampleWindowMs);
    this.speed = new SampleRing(settings.maxSamples, settings.sampleWindowMs);
  }

  inOutage(now: number): boolean {
    // An outage with no failure for a whole window has aged out: normal traffic is the trial.
    return this.outageSince !== 0 && now - this.lastFailureAt < this.settings.windowMs;
  }

  latencyMs(percentile: Percentile, now: number): number | undefined {
    return this.latency.percentile(PERCENTILE_FRACTION[percentile], now);
  }

  throughput(percentile: Percentile, now: number): number | undefined {
    return this.speed.percentile(PERCENTILE_FRACTION[percentile], now);
  }

  record(result: AttemptResult, at: number, retryAfterSeconds: number | undefined): void {
    const bucket = this.bucketFor(at);
    if (retryAfterSeconds !== undefined && retryAfterSeconds > 0) this.coolingUntil = Math.max(this.coolingUntil, at + retryAfterSeconds * 1000);
    if (result === 'success') {
      this.successes[bucket] = (this.successes[bucket] ?? 0) + 1;
      this.consecutive = 0;
      if (this.outageSince !== 0) {
        // A successful trial ends the outage and the endpoint is trusted again: its failures
        // must neither re-open the outage at once nor keep it among the "recently failing".
        this.outageSince = 0;
        this.lastFailureAt = 0;
        this.failures.fill(0);
      }
      return;
    }
    this.failures[bucket] = (this.failures[bucket] ?? 0) + 1;
    this.consecutive += 1;
    this.lastFailureAt = at;
    if (this.outageSince === 0 && this.isSignificant(at)) this.outageSince = at;
  }

  private isSignificant(now: number): boolean {
    if (this.consecutive >= this.settings.consecutiveFailures) return true;
    let failed = 0;
    let total = 0;
    for (let index = 0; index < BUCKETS; index++) {
      if (now - (this.bucketStart[index] ?? 0) >= this.settings.windowMs) continue;
      failed += this.failures[index] ?? 0;
      total += (this.failures[index] ?? 0) + (this.successes[index] ?? 0);
    }
    return failed >= this.settings.minFailures && failed >= total * this.settings.failureRatio;
  }

  /** The bucket for time `at`, cleared when it last held an older slice of time. */
  private bucketFor(at: number): number {
    const width = this.settings.windowMs / BUCKETS;
    const slice = Math.floor(at / width);
    const index = slice % BUCKETS;
    const start = slice * width;
    if (this.bucketStart[index] !== start) {
      this.bucketStart[index] = start;
      this.successes[index] = 0;
      this.failures[index] = 0;
    }
    return index;
  }
}

/** Endpoint health in this process's memory: sliding windows per endpoint id. */
export class MemoryEndpointHealth implements EndpointHealth {
  private readonly records = new Map<string, EndpointRecord>();
  private readonly settings: Required<EndpointHealthOptions>;

  constructor(options: EndpointHealthOptions = {}) {
    this.settings = {
      windowMs: options.windowMs ?? 30_000,
      minFailures: options.minFailures ?? 3,
      failureRatio: options.failureRatio ?? 0.5,
      consecutiveFailures: options.consecutiveFailures ?? 3,
      trialIntervalMs: options.trialIntervalMs ?? 5_000,
      sampleWindowMs: options.sampleWindowMs ?? 300_000,
      maxSamples: options.maxSamples ?? 128,
    };
  }

  state(endpointId: string): EndpointHealthState | undefined {
    return this.records.get(endpointId);
  }

  claimTrial(endpointId: string, now: number): boolean {
    const record = this.records.get(endpointId);
    if (!record || !record.inOutage(now)) return false;
    if (now - Math.max(record.lastTrialAt, record.outageSince) < this.settings.trialIntervalMs) return false;
    record.lastTrialAt = now;
    return true;
  }

  recordResult(endpointId: string, result: AttemptResult, at: number, retryAfterSeconds?: number): void {
    this.recordFor(endpointId).record(result, at, retryAfterSeconds);
  }

  recordLatency(endpointId: string, milliseconds: number, at: number): void {
    this.recordFor(endpointId).latency.add(milliseconds, at);
  }

  recordThroughput(endpointId: string, tokensPerSecond: number, at: number): void {
    if (Number.isFinite(tokensPerSecond) && tokensPerSecond > 0) this.recordFor(endpointId).speed.add(tokensPerSecond, at);
  }

  private recordFor(endpointId: string): EndpointRecord {
    let record = this.records.get(endpointId);
    if (!record) {
      record = new EndpointRecord(this.settings);
      this.records.set(endpointId, record);
    }
    return record;
  }
}
