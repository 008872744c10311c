import { describe, expect, it } from 'vitest';
import type { AttemptRecord, GenerationRecord } from '../../store/store-types.js';
import { makeGenerationRecord } from '../test-support/generation-record-factory.js';
import { EndpointStatisticsCollector } from './endpoint-statistics.js';

const ACME = 'thudm/glm-4-32b@acme';
const ZEPHYR = 'thudm/glm-4-32b@zephyr';
const START = Date.parse('2025-07-08T12:00:30Z');

function attempt(endpointId: string, status: number | null, latencyMs: number, errorKind?: string): AttemptRecord {
  return { providerName: endpointId.split('@')[1] ?? '', providerSlug: endpointId.split('@')[1] ?? '', endpointId, model: 'thudm/glm-4-32b', status, latencyMs, ...(errorKind ? { errorKind } : {}) };
}

/** A streamed answer from acme: TTFT `latencyMs`, `tokens` completion tokens over `generationMs`. */
function served(createdAt: number, latencyMs: number, tokens: number, generationMs: number, extra: Partial<GenerationRecord> = {}): GenerationRecord {
  return makeGenerationRecord({ createdAt, endpointId: ACME, latencyMs, generationTimeMs: generationMs, tokensCompletion: tokens, attempts: [attempt(ACME, 200, latencyMs)], ...extra });
}

describe('EndpointStatisticsCollector', () => {
  it('gives latency and throughput percentiles over the last 30 minutes from merged per-minute sketches', () => {
    const clock = { now: START };
    const collector = new EndpointStatisticsCollector({ now: () => clock.now, minimumUptimeSamples: 1 });
    // 100 requests spread over 10 minutes: TTFT 1..100 ms, throughput 10..1000 tokens/s.
    for (let index = 1; index <= 100; index += 1) {
      collector.observe([served(START + Math.floor(index / 10) * 60_000, index, index * 10, 1_000)]);
    }
    clock.now = START + 10 * 60_000;
    const statistics = collector.statistics(ACME);
    // DDSketch at 1% relative accuracy: within 1% of the exact quantiles.
    expect(statistics.latencyLast30m!.p50).toBeCloseTo(50, -0.3);
    expect(Math.abs(statistics.latencyLast30m!.p90 - 90) / 90).toBeLessThan(0.02);
    expect(Math.abs(statistics.latencyLast30m!.p99 - 99) / 99).toBeLessThan(0.02);
    expect(Math.abs(statistics.throughputLast30m!.p75 - 750) / 750).toBeLessThan(0.02);
    expect(statistics.uptimeLast5m).toBe(100);
    // 39 minutes later only the newest minute (index 100) is still in the window.
    clock.now = START + 39 * 60_000;
    const later = collector.statistics(ACME);
    expect(Math.abs(later.latencyLast30m!.p50 - 100)).toBeLessThan(2);
    clock.now = START + 40 * 60_000;
    expect(collector.statistics(ACME).latencyLast30m).toBeNull();
    expect(collector.statistics(ACME).uptimeLast1d).toBe(100);
  });

  it('counts uptime over 5 min, 30 min and 1 day, excluding rate-limited attempts, null with too little data', () => {
    const clock = { now: START };
    const collector = new EndpointStatisticsCollector({ now: () => clock.now, minimumUptimeSamples: 5 });
    const fallback = (createdAt: number, zephyrStatus: number | null) =>
      makeGenerationRecord({ createdAt, endpointId: ACME, attempts: [attempt(ZEPHYR, zephyrStatus, 40), attempt(ACME, 200, 300)] });
    // An hour ago: zephyr failed 4 times (503) and answered 4 times.
    for (let index = 0; index < 4; index += 1) collector.observe([fallback(START - 3_600_000, 503), makeGenerationRecord({ createdAt: START - 3_600_000, endpointId: ZEPHYR, attempts: [attempt(ZEPHYR, 200, 100)] })]);
    // Just now: 3 rate limits (not counted) and 1 connection failure.
    for (let index = 0; index < 3; index += 1) collector.observe([fallback(START, 429)]);
    collector.observe([fallback(START, null)]);
    const zephyr = collector.statistics(ZEPHYR);
    expect(zephyr.uptimeLast5m).toBeNull();
    expect(zephyr.uptimeLast30m).toBeNull();
    expect(zephyr.uptimeLast1d).toBeCloseTo(44.44, 2);
    expect(collector.statistics(ACME)).toMatchObject({ uptimeLast5m: null, uptimeLast1d: 100 });
    collector.observe([fallback(START, null)]);
    expect(collector.statistics(ACME).uptimeLast5m).toBe(100);
    // The 429 attempts are not in the history's uptime either, but they are counted.
    const history = collector.uptimeHistory(ZEPHYR, 3);
    expect(history.map((bucket) => bucket.start)).toEqual([Date.parse('2025-07-08T10:00:00Z'), Date.parse('2025-07-08T11:00:00Z'), Date.parse('2025-07-08T12:00:00Z')]);
    expect(history.map((bucket) => bucket.uptime)).toEqual([null, 50, 0]);
    expect(history[2]).toMatchObject({ successes: 0, errors: 2, rateLimited: 3 });
    // Minute buckets over the last hour: only the current minute has the recent failures.
    const minutes = collector.uptimeHistory(ZEPHYR, 1, 60_000);
    expect(minutes).toHaveLength(60);
    expect(minutes.at(-1)).toMatchObject({ start: Math.floor(START / 60_000) * 60_000, uptime: 0, errors: 2, rateLimited: 3 });
    expect(minutes.slice(0, -1).every((bucket) => bucket.uptime === null)).toBe(true);
  });

  it('an answer that failed mid-stream counts as an error; a cancelled one does not', () => {
    const collector = new EndpointStatisticsCollector({ now: () => START, minimumUptimeSamples: 1 });
    collector.observe([served(START, 100, 10, 500, { finishReason: 'error' })]);
    collector.observe([served(START, 100, 10, 500, { finishReason: null, cancelled: true })]);
    expect(collector.statistics(ACME).uptimeLast5m).toBe(50);
    expect(collector.statistics('unknown@nowhere')).toEqual({ latencyLast30m: null, throughputLast30m: null, uptimeLast5m: null, uptimeLast30m: null, uptimeLast1d: null });
  });

  it('counts records not committed yet for one read, without keeping them', () => {
    const collector = new EndpointStatisticsCollector({ now: () => START });
    collector.observe([served(START, 100, 10, 500)]);
    const pending = [served(START, 300, 10, 500), served(START, 300, 10, 500), makeGenerationRecord({ createdAt: START, endpointId: null, attempts: [attempt(ACME, 503, 20)] })];
    const withPending = collector.statistics(ACME, pending);
    expect(withPending.uptimeLast5m).toBe(75);
    // Latencies 100, 300, 300: the median is 300 (within the sketch's 1%).
    expect(Math.abs(withPending.latencyLast30m!.p50 - 300)).toBeLessThan(3);
    const committedOnly = collector.statistics(ACME);
    expect(committedOnly.uptimeLast5m).toBe(100);
    expect(Math.abs(committedOnly.latencyLast30m!.p99 - 100)).toBeLessThan(2);
    expect(collector.statistics(ZEPHYR, pending).uptimeLast5m).toBeNull();
  });
});
