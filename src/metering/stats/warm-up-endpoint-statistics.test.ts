import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import { makeGenerationRecord } from '../test-support/generation-record-factory.js';
import { EndpointStatisticsCollector } from './endpoint-statistics.js';
import { warmUpEndpointStatistics } from './warm-up-endpoint-statistics.js';

describe('warmUpEndpointStatistics', () => {
  it('replays the last day of stored generations, newest first, up to the cap', async () => {
    const store = await openStore('sqlite::memory:');
    const startedAt = Date.parse('2025-07-08T12:00:00Z');
    const attempt = { providerName: 'DeepInfra', providerSlug: 'deepinfra', endpointId: 'thudm/glm-4-32b@deepinfra', model: 'thudm/glm-4-32b', status: 200, latencyMs: 300 };
    const records = Array.from({ length: 2_500 }, (_, index) =>
      makeGenerationRecord({ createdAt: startedAt - 1_000 - index * 60_000, endpointId: attempt.endpointId, attempts: [attempt] }),
    );
    await store.generations.insertGenerations(records);
    try {
      const collector = new EndpointStatisticsCollector({ now: () => startedAt });
      // 1440 minutes back is the day: the older records are not replayed.
      expect(await warmUpEndpointStatistics(store.generations, collector, startedAt)).toBe(1440);
      expect(collector.statistics(attempt.endpointId)).toMatchObject({ uptimeLast1d: 100, latencyLast30m: { p50: expect.closeTo(300, -1) as number } });
      const capped = new EndpointStatisticsCollector({ now: () => startedAt });
      expect(await warmUpEndpointStatistics(store.generations, capped, startedAt, 10)).toBe(10);
      expect(capped.statistics(attempt.endpointId).uptimeLast30m).toBe(100);
    } finally {
      await store.close();
    }
  });

  it('gives the event loop a turn between pages, so requests are answered while it reads', async () => {
    const store = await openStore('sqlite::memory:');
    const startedAt = Date.parse('2025-07-08T12:00:00Z');
    await store.generations.insertGenerations(Array.from({ length: 1_000 }, (_, index) => makeGenerationRecord({ createdAt: startedAt - 1_000 - index * 1_000 })));
    try {
      const collector = new EndpointStatisticsCollector({ now: () => startedAt });
      let observed = 0;
      const observe = collector.observe.bind(collector);
      collector.observe = (records) => {
        observed += records.length;
        observe(records);
      };
      let replayedWhenTheLoopTurned = -1;
      // SQLite answers synchronously: without a turn between pages the whole replay would run
      // before this callback (or any request) got the loop.
      setImmediate(() => {
        replayedWhenTheLoopTurned = observed;
      });
      expect(await warmUpEndpointStatistics(store.generations, collector, startedAt)).toBe(1_000);
      expect(replayedWhenTheLoopTurned).toBeGreaterThan(0);
      expect(replayedWhenTheLoopTurned).toBeLessThan(1_000);
    } finally {
      await store.close();
    }
  });
});
