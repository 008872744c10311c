import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Model } from '../catalog/catalog-types.js';
import { GenerationWriter } from '../metering/generation-writer.js';
import { makeGenerationRecord } from '../metering/test-support/generation-record-factory.js';
import { openStore } from '../store/open-store.js';
import type { AttemptRecord, GenerationRecord, Store } from '../store/store-types.js';
import { createGenerationScanDataSource, percentiles } from './generation-scan-data-source.js';
import type { UiDataSource } from './ui-data-source.js';

const NOW = Date.parse('2025-07-08T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let store: Store;
let writer: GenerationWriter;
let clock: number;
let data: UiDataSource;

function attempt(endpointId: string, status: number | null): AttemptRecord {
  return { providerName: endpointId, providerSlug: endpointId, endpointId, model: 'upstream', status, latencyMs: 100 };
}

function record(overrides: Partial<GenerationRecord>): GenerationRecord {
  return makeGenerationRecord({ createdAt: NOW - MINUTE, attempts: [attempt('thudm/glm-4-32b@deepinfra', 200)], ...overrides });
}

const model = { id: 'thudm/glm-4-32b', endpoints: [{ id: 'thudm/glm-4-32b@deepinfra' }, { id: 'thudm/glm-4-32b@flaky' }] } as unknown as Model;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  writer = new GenerationWriter({ store: store.generations, logger: { error: () => undefined }, flushIntervalMs: 60_000 });
  clock = NOW;
  data = createGenerationScanDataSource({ store, writer, now: () => clock });
});
afterEach(async () => {
  await writer.close();
  await store.close();
});

describe('the generation-scan UI data source', () => {
  it('sees a record the moment it was recorded (pending records are flushed first)', async () => {
    expect((await data.rankings('day')).models).toEqual([]);
    writer.record(record({}));
    expect((await data.rankings('day')).models).toEqual([{ modelId: 'thudm/glm-4-32b', tokens: 1801, requests: 1 }]);
  });

  it('computes latency and throughput medians over 30 minutes and uptime per window, counting only provider failures', async () => {
    writer.record(record({ latencyMs: 100, generationTimeMs: 1000, tokensCompletion: 50 }));
    writer.record(record({ latencyMs: 300, generationTimeMs: 1000, tokensCompletion: 150 }));
    writer.record(record({ latencyMs: 200, generationTimeMs: 1000, tokensCompletion: 100, attempts: [attempt('thudm/glm-4-32b@flaky', 503), attempt('thudm/glm-4-32b@deepinfra', 200)] }));
    // A client error (400) says nothing about health; an hour-old record is outside 30 minutes but inside a day.
    writer.record(record({ attempts: [attempt('thudm/glm-4-32b@flaky', 400)], endpointId: null, latencyMs: null }));
    writer.record(record({ createdAt: NOW - 60 * MINUTE, latencyMs: 5000, attempts: [attempt('thudm/glm-4-32b@flaky', null)], endpointId: 'thudm/glm-4-32b@flaky' }));
    const statistics = await data.endpointStatistics(model);
    const healthy = statistics(model.endpoints[0]!);
    expect(healthy.latencyLast30m).toEqual({ p50: 200, p75: 300, p90: 300, p99: 300 });
    expect(healthy.throughputLast30m?.p50).toBe(100);
    expect(healthy.uptimeLast1d).toBe(100);
    const flaky = statistics(model.endpoints[1]!);
    expect(flaky.latencyLast30m).toBeNull();
    expect(flaky.uptimeLast30m).toBe(0);
    expect(flaky.uptimeLast1d).toBe(0);
    expect(flaky.uptimeLast5m).toBe(0);
  });

  it('buckets uptime over time, null where nothing was tried', async () => {
    writer.record(record({ createdAt: NOW - 10 * MINUTE, attempts: [attempt('e', 200), attempt('e', 502)] }));
    writer.record(record({ createdAt: NOW - 1 * MINUTE, attempts: [attempt('e', 200)] }));
    const series = await data.endpointUptimeSeries('e', NOW - 15 * MINUTE, 5 * MINUTE);
    expect(series.map((point) => point.uptime)).toEqual([null, 0.5, 1, null]);
  });

  it('sums tokens per UTC day, and names apps by title or referer host', async () => {
    writer.record(record({ createdAt: NOW - DAY, tokensPrompt: 10, tokensCompletion: 5 }));
    writer.record(record({ tokensPrompt: 7, tokensCompletion: 3, appTitle: null, httpReferer: 'https://notes.example.net/app' }));
    writer.record(record({ tokensPrompt: 1, tokensCompletion: 1, appTitle: null, httpReferer: 'javascript:alert(1)' }));
    expect(await data.modelDailyTokens('thudm/glm-4-32b', 3)).toEqual([
      { day: '2025-07-06', prompt: 0, completion: 0 },
      { day: '2025-07-07', prompt: 10, completion: 5 },
      { day: '2025-07-08', prompt: 8, completion: 4 },
    ]);
    const apps = await data.topAppsForModel('thudm/glm-4-32b', NOW - 7 * DAY, 10);
    expect(apps).toEqual([
      { name: 'Switchboard tests', url: 'https://example.test/', tokens: 15, requests: 1 },
      { name: 'notes.example.net', url: 'https://notes.example.net/app', tokens: 10, requests: 1 },
    ]);
  });

  it('reports activity by day, model and key with exact cost', async () => {
    await store.keys.insertKey({ hash: 'b'.repeat(64), name: 'backend', label: 'sk-…', disabled: false, isManagement: false, limit: null, limitReset: null, expiresAt: null, createdAt: NOW, updatedAt: NOW });
    writer.record(record({ apiKeyHash: 'b'.repeat(64), totalCost: 3n }));
    writer.record(record({ apiKeyHash: 'b'.repeat(64), totalCost: 4n, model: 'qwen/qwen3-32b' }));
    const report = await data.activity(NOW - DAY);
    expect(report.total).toMatchObject({ requests: 2, cost: 7n });
    expect(report.byKey).toEqual([expect.objectContaining({ label: 'backend', cost: 7n })]);
    expect(report.byModel.map((row) => row.group)).toEqual(['qwen/qwen3-32b', 'thudm/glm-4-32b']);
    expect(report.byDay.map((row) => row.group)).toEqual(['2025-07-08']);
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentiles([])).toBeNull();
    expect(percentiles([5])).toEqual({ p50: 5, p75: 5, p90: 5, p99: 5 });
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ p50: 5, p75: 8, p90: 9, p99: 10 });
  });
});

describe('the scan across pages', () => {
  it('reads every record once when many share a millisecond at a page boundary', async () => {
    for (let index = 0; index < 1500; index += 1) writer.record(record({ createdAt: NOW - MINUTE - (index < 990 ? 0 : 1) }));
    const rankings = await data.rankings('day');
    expect(rankings.models).toEqual([{ modelId: 'thudm/glm-4-32b', tokens: 1500 * 1801, requests: 1500 }]);
  });
});

describe('the cached scan', () => {
  it('tops up with records that arrived since, whatever their start time', async () => {
    writer.record(record({ createdAt: NOW - 10 * MINUTE }));
    expect((await data.rankings('day')).models[0]?.requests).toBe(1);
    writer.record(record({ createdAt: NOW - 1 * MINUTE }));
    writer.record(record({ createdAt: NOW - 5 * MINUTE }));
    // A long stream that started before everything else but ended last.
    writer.record(record({ createdAt: NOW - 20 * MINUTE }));
    const [first, second] = await Promise.all([data.rankings('day'), data.rankings('day')]);
    expect(first.models[0]?.requests).toBe(4);
    expect(second).toEqual(first);
    clock += 2 * 60_000;
    expect((await data.rankings('day')).models[0]?.requests).toBe(4);
  });
});
