import { describe, expect, it } from 'vitest';
import type { GenerationWriter } from '../metering/generation-writer.js';
import type { ActivityQuery, StatsReader } from '../metering/stats/stats-reader.js';
import type { Store } from '../store/store-types.js';
import { createStatsDataSource } from './stats-data-source.js';

const NOW = Date.parse('2025-07-08T12:30:00Z');
const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

function reader(overrides: Partial<StatsReader>, queries: ActivityQuery[] = []): StatsReader {
  return {
    endpointStatistics: () => ({ latencyLast30m: null, throughputLast30m: null, uptimeLast5m: null, uptimeLast30m: null, uptimeLast1d: null }),
    endpointUptimeHistory: () => [],
    modelTokensByDay: async () => [],
    topModels: async () => [],
    topApps: async () => [],
    activity: async (query) => {
      queries.push(query);
      return [];
    },
    recentGenerations: async () => [],
    ...overrides,
  };
}

const store = { keys: { getKey: async (hash: string) => (hash === KEY_A ? { name: 'web app' } : undefined) } } as unknown as Store;
const writer = {} as GenerationWriter;

describe('the pages read metering stats', () => {
  it('groups activity rows by day, model and key, with exact cost and key names', async () => {
    const queries: ActivityQuery[] = [];
    const row = (date: string, model: string, apiKeyHash: string, cost: bigint, promptTokens: number) => ({ date, model, apiKeyHash, endpointId: `${model}@acme`, providerName: 'Acme', requests: 1, promptTokens, completionTokens: 10, reasoningTokens: 0, cost });
    const stats = reader(
      { activity: async (query) => (queries.push(query), [row('2025-07-07', 'm/one', KEY_A, 300n, 5), row('2025-07-08', 'm/one', KEY_B, 100n, 7), row('2025-07-08', 'm/two', KEY_A, 50n, 1)]) },
      queries,
    );
    const source = createStatsDataSource({ stats, store, writer, creditsEnabled: false, now: () => NOW });
    const report = await source.activity(NOW - 2 * 24 * 60 * 60 * 1000);
    expect(queries).toEqual([{ sinceDay: '2025-07-06', untilDay: '2025-07-08', byKey: true }]);
    expect(report.byDay.map((entry) => [entry.group, entry.cost, entry.requests])).toEqual([['2025-07-08', 150n, 2], ['2025-07-07', 300n, 1]]);
    expect(report.byModel.map((entry) => [entry.group, entry.cost])).toEqual([['m/one', 400n], ['m/two', 50n]]);
    expect(report.byKey.map((entry) => [entry.label, entry.cost])).toEqual([['web app', 350n], [`${KEY_B.slice(0, 12)}…`, 100n]]);
    expect(report.total).toMatchObject({ requests: 3, tokensPrompt: 13, tokensCompletion: 30, cost: 450n });
  });

  it('turns uptime buckets (percent) into chart points (0..1) at the asked resolution', async () => {
    const calls: unknown[] = [];
    const stats = reader({
      endpointUptimeHistory: (endpointId, hours, bucketMs) => {
        calls.push([endpointId, hours, bucketMs]);
        return [{ start: NOW - 60_000, uptime: 50, successes: 1, errors: 1, rateLimited: 2 }, { start: NOW, uptime: null, successes: 0, errors: 0, rateLimited: 0 }];
      },
    });
    const source = createStatsDataSource({ stats, store, writer, creditsEnabled: false, now: () => NOW });
    expect(await source.endpointUptimeSeries('m/one@acme', NOW - 60 * 60 * 1000, 60_000)).toEqual([
      { at: NOW - 60_000, uptime: 0.5, attempts: 4 },
      { at: NOW, uptime: null, attempts: 0 },
    ]);
    expect(calls).toEqual([['m/one@acme', 1, 60_000]]);
  });

  it('names apps by title, else the referer host, and links only http(s) referers', async () => {
    const app = (appKey: string, name: string | null, referer: string | null) => ({ appKey, name, referer, promptTokens: 1, completionTokens: 2, totalTokens: 3, requests: 1 });
    const stats = reader({ topApps: async () => [app('k1', 'Doc Writer', 'https://docs.example/app'), app('k2', null, 'https://bot.example/x'), app('k3', null, 'javascript:alert(1)')] });
    const source = createStatsDataSource({ stats, store, writer, creditsEnabled: false, now: () => NOW });
    expect(await source.topAppsForModel('m/one', NOW - 7 * 24 * 60 * 60 * 1000, 10)).toEqual([
      { name: 'Doc Writer', url: 'https://docs.example/app', tokens: 3, requests: 1 },
      { name: 'bot.example', url: 'https://bot.example/x', tokens: 3, requests: 1 },
      { name: 'javascript:alert(1)', url: null, tokens: 3, requests: 1 },
    ]);
  });
});
