import { afterEach, describe, expect, it } from 'vitest';
import { EndpointStatisticsCollector } from '../metering/stats/endpoint-statistics.js';
import { makeGenerationRecord } from '../metering/test-support/generation-record-factory.js';
import type { GenerationRecord } from '../store/store-types.js';
import type { RedisConnection } from './redis-connection.js';
import { SharedEndpointStatistics } from './redis-endpoint-statistics.js';
import { connectTestRedis, deletePrefix, randomPrefix, skipWithoutRedis } from './test-support/test-redis.js';

const skip = skipWithoutRedis('endpoint statistics merged across processes in redis');
const ACME = 'thudm/glm-4-32b@acme';
const START = Date.parse('2025-07-08T12:00:30Z');

function record(createdAt: number, latencyMs: number, status = 200): GenerationRecord {
  return makeGenerationRecord({
    createdAt, endpointId: status === 200 ? ACME : null, latencyMs, generationTimeMs: 1_000, tokensCompletion: 100,
    attempts: [{ providerName: 'acme', providerSlug: 'acme', endpointId: ACME, model: 'thudm/glm-4-32b', status, latencyMs }],
  });
}

describe.skipIf(skip)('SharedEndpointStatistics', () => {
  const connections: RedisConnection[] = [];
  afterEach(async () => {
    if (connections[0]) await deletePrefix(connections[0]);
    for (const connection of connections.splice(0)) await connection.close();
  });

  it('each process shows every process\'s latency percentiles and uptime (sketches merged, counts added)', async () => {
    const prefix = randomPrefix();
    const clock = { now: START };
    const processes = await Promise.all(
      [0, 1].map(async () => {
        const connection = await connectTestRedis(prefix);
        connections.push(connection);
        const collector = new EndpointStatisticsCollector({ now: () => clock.now });
        return { collector, shared: new SharedEndpointStatistics(connection, { collector, now: () => clock.now, syncIntervalMs: 0 }) };
      }),
    );
    const [a, b] = processes as [(typeof processes)[number], (typeof processes)[number]];
    // A serves the fast half (1..50 ms), B the slow half (51..100 ms) and one failure; minutes
    // from the one the processes started in are shared (earlier ones come from the store).
    clock.now = START + 60_000;
    for (let index = 1; index <= 50; index += 1) a.collector.observe([record(START + 61_000, index)]);
    for (let index = 51; index <= 100; index += 1) b.collector.observe([record(START + 121_000, index)]);
    b.collector.observe([record(START + 121_000, 5, 500)]);
    clock.now = START + 150_000;
    expect(a.collector.statistics(ACME).latencyLast30m!.p50).toBeLessThan(30);
    await a.shared.sync();
    await b.shared.sync();
    await a.shared.sync();
    for (const { collector } of [a, b]) {
      const statistics = collector.statistics(ACME);
      expect(Math.abs(statistics.latencyLast30m!.p50 - 50) / 50).toBeLessThan(0.03);
      expect(Math.abs(statistics.latencyLast30m!.p99 - 99) / 99).toBeLessThan(0.03);
      expect(statistics.uptimeLast5m).toBeCloseTo((100 / 101) * 100, 1);
      expect(collector.uptimeHistory(ACME, 1)[0]).toMatchObject({ successes: 100, errors: 1 });
    }
    // A minute pushed again is replaced, not added twice; the start minute (from the store) is not shared.
    a.collector.observe([record(START + 61_000, 25)]);
    a.collector.observe([record(START + 1_000, 25)]);
    await a.shared.sync();
    await b.shared.sync();
    expect(b.collector.uptimeHistory(ACME, 1)[0]).toMatchObject({ successes: 101, errors: 1 });
    expect(a.collector.uptimeHistory(ACME, 1)[0]).toMatchObject({ successes: 102, errors: 1 });
  });
});
