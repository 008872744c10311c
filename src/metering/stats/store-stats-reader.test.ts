import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store-types.js';
import { GenerationWriter } from '../generation-writer.js';
import { makeGenerationRecord } from '../test-support/generation-record-factory.js';
import { EndpointStatisticsCollector } from './endpoint-statistics.js';
import { StoreStatsReader } from './store-stats-reader.js';

const NOW = Date.parse('2025-07-08T15:00:00Z');
let store: Store;
let writer: GenerationWriter;
let reader: StoreStatsReader;

beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  // A writer that never flushes by itself: the test decides what is stored and what is pending.
  writer = new GenerationWriter({ store: store.generations, logger: { error: () => undefined }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
  reader = new StoreStatsReader(store, writer, new EndpointStatisticsCollector({ now: () => NOW }), () => NOW);
});
afterEach(async () => {
  await store.close();
});

const at = (iso: string) => Date.parse(iso);

describe('StoreStatsReader', () => {
  it('gives a model\'s tokens per day with zero days filled in, stored and unflushed records alike', async () => {
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-06T10:00:00Z'), tokensPrompt: 100, tokensCompletion: 10 }));
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-08T10:00:00Z'), tokensPrompt: 200, tokensCompletion: 20 }));
    await writer.flush();
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-08T14:00:00Z'), tokensPrompt: 300, tokensCompletion: 30 }));
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-08T14:00:00Z'), model: 'qwen/qwen3-8b', tokensPrompt: 7, tokensCompletion: 7 }));
    expect(await reader.modelTokensByDay('thudm/glm-4-32b', 3)).toEqual([
      { date: '2025-07-06', promptTokens: 100, completionTokens: 10, requests: 1 },
      { date: '2025-07-07', promptTokens: 0, completionTokens: 0, requests: 0 },
      { date: '2025-07-08', promptTokens: 500, completionTokens: 50, requests: 2 },
    ]);
  });

  it('ranks models and apps by tokens over day, week and month', async () => {
    const app = (referer: string | null, title: string | null) => ({ httpReferer: referer, appTitle: title });
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-08T09:00:00Z'), model: 'a/small', tokensPrompt: 10, tokensCompletion: 10, ...app('https://one.example/', 'One') }));
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-03T09:00:00Z'), model: 'b/big', tokensPrompt: 1000, tokensCompletion: 0, ...app('https://two.example/', 'Two') }));
    writer.record(makeGenerationRecord({ createdAt: at('2025-06-20T09:00:00Z'), model: 'c/old', tokensPrompt: 5000, tokensCompletion: 0, ...app(null, null) }));
    await writer.flush();
    writer.record(makeGenerationRecord({ createdAt: at('2025-07-08T14:00:00Z'), model: 'a/small', tokensPrompt: 5, tokensCompletion: 5, ...app('https://one.example/', 'One') }));
    expect((await reader.topModels('day', 10)).map((model) => [model.model, model.totalTokens, model.requests])).toEqual([['a/small', 30, 2]]);
    expect((await reader.topModels('week', 10)).map((model) => model.model)).toEqual(['b/big', 'a/small']);
    expect((await reader.topModels('month', 1)).map((model) => model.model)).toEqual(['c/old']);
    expect(await reader.topApps('week', 10)).toEqual([
      { appKey: 'https://two.example/', name: 'Two', referer: 'https://two.example/', promptTokens: 1000, completionTokens: 0, totalTokens: 1000, requests: 1 },
      { appKey: 'https://one.example/', name: 'One', referer: 'https://one.example/', promptTokens: 15, completionTokens: 15, totalTokens: 30, requests: 2 },
    ]);
    expect((await reader.topApps('week', 10, 'a/small')).map((entry) => entry.appKey)).toEqual(['https://one.example/']);
  });

  it('lists recent generations newest first, unflushed ones included, per key', async () => {
    const alice = 'a'.repeat(64);
    const bob = 'b'.repeat(64);
    writer.record(makeGenerationRecord({ id: 'gen-1', createdAt: at('2025-07-08T10:00:00Z'), apiKeyHash: alice }));
    writer.record(makeGenerationRecord({ id: 'gen-2', createdAt: at('2025-07-08T11:00:00Z'), apiKeyHash: bob }));
    await writer.flush();
    writer.record(makeGenerationRecord({ id: 'gen-3', createdAt: at('2025-07-08T12:00:00Z'), apiKeyHash: alice }));
    expect((await reader.recentGenerations({ limit: 10 })).map((record) => record.id)).toEqual(['gen-3', 'gen-2', 'gen-1']);
    expect((await reader.recentGenerations({ apiKeyHash: alice, limit: 1 })).map((record) => record.id)).toEqual(['gen-3']);
    expect((await reader.recentGenerations({ limit: 10, before: at('2025-07-08T12:00:00Z') })).map((record) => record.id)).toEqual(['gen-2', 'gen-1']);
    const byKey = await reader.activity({ sinceDay: '2025-07-08', untilDay: '2025-07-08', byKey: true });
    expect(byKey.map((row) => [row.apiKeyHash, row.requests])).toEqual([[alice, 2], [bob, 1]]);
  });
});
