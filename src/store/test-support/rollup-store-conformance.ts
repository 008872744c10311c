import { describe, expect, it } from 'vitest';
import type { Store } from '../store-types.js';
import { hashOfPlaintext, makeGeneration } from './store-fixtures.js';

/** The usage and app rollups behind activity, stats and attribution: grouping, filters, exact sums. */
export function describeRollupStoreConformance(store: () => Store): void {
  describe('usage rollups', () => {
    const alice = hashOfPlaintext('alice');
    const bob = hashOfPlaintext('bob');
    const generation = (id: string, overrides: Parameters<typeof makeGeneration>[0]) => makeGeneration({ id, ...overrides });
    const seed = async () => {
      await store().generations.insertGenerations([
        generation('gen-a1', { apiKeyHash: alice, createdAt: Date.parse('2025-03-12T10:00:00Z'), tokensPrompt: 100, tokensCompletion: 10, nativeTokensReasoning: 4, totalCost: 1_000n }),
        generation('gen-a2', { apiKeyHash: alice, createdAt: Date.parse('2025-03-13T10:00:00Z'), tokensPrompt: 200, tokensCompletion: 20, totalCost: 2_000n }),
        generation('gen-a3', {
          apiKeyHash: alice, createdAt: Date.parse('2025-03-13T11:00:00Z'), model: 'qwen/qwen3-8b', endpointId: 'qwen/qwen3-8b@zephyr',
          providerName: 'Zephyr', tokensPrompt: 300, tokensCompletion: 30, totalCost: 4_000n, httpReferer: null, appTitle: 'Batch tool',
        }),
        generation('gen-b1', { apiKeyHash: bob, createdAt: Date.parse('2025-03-13T12:00:00Z'), tokensPrompt: 400, tokensCompletion: 40, totalCost: 8_000n, httpReferer: null, appTitle: null }),
        generation('gen-b2', { apiKeyHash: bob, createdAt: Date.parse('2025-03-13T13:00:00Z'), endpointId: null, providerName: null, tokensPrompt: 0, tokensCompletion: 0, totalCost: 0n }),
      ]);
      // The same id again (a retried flush) must not be rolled up twice.
      await store().generations.insertGenerations([generation('gen-a1', { apiKeyHash: alice, createdAt: Date.parse('2025-03-12T10:00:00Z'), totalCost: 1_000n })]);
    };

    it('counts a generation id inserted twice once, rollups included (a journal replay of records partly stored)', async () => {
      const stored = [
        generation('gen-r1', { apiKeyHash: alice, createdAt: Date.parse('2025-03-13T10:00:00Z'), tokensPrompt: 100, tokensCompletion: 10, nativeTokensReasoning: 2, totalCost: 1_000n }),
        generation('gen-r2', { apiKeyHash: alice, createdAt: Date.parse('2025-03-13T11:00:00Z'), tokensPrompt: 200, tokensCompletion: 20, totalCost: 2_000n }),
      ];
      const fresh = generation('gen-r3', { apiKeyHash: alice, createdAt: Date.parse('2025-03-13T12:00:00Z'), tokensPrompt: 400, tokensCompletion: 40, totalCost: 4_000n });
      await store().generations.insertGenerations(stored);
      // The replay: every record of the segment again, the stored ones among them, plus one never stored.
      await store().generations.insertGenerations([...stored, fresh]);
      await store().generations.insertGenerations([stored[1]!]);
      expect((await store().generations.listGenerations({ limit: 10 })).map((record) => record.id)).toEqual(['gen-r3', 'gen-r2', 'gen-r1']);
      expect(await store().usage.keyDailyCosts(alice, '2025-03-13')).toEqual({ total: 7_000n, days: [{ day: '2025-03-13', cost: 7_000n }] });
      expect(await store().usage.keyUsage(alice, { day: '2025-03-13', week: '2025-03-10', month: '2025-03-01' })).toEqual({ total: 7_000n, daily: 7_000n, weekly: 7_000n, monthly: 7_000n });
      expect(await store().usage.usageRollup({ sinceDay: '2025-03-01', apiKeyHash: alice, groupBy: ['day', 'model', 'endpoint'] })).toEqual([
        { day: '2025-03-13', model: 'thudm/glm-4-32b', endpointId: 'acme/thudm/glm-4-32b', providerName: 'Acme', requests: 3, promptTokens: 700, completionTokens: 70, reasoningTokens: 2, cost: 7_000n },
      ]);
      expect(await store().usage.appUsage({ sinceDay: '2025-03-01', groupBy: ['day'], limit: 10 })).toEqual([
        { appKey: 'https://playground.example.com/', referer: 'https://playground.example.com/', title: 'Switchboard Playground', day: '2025-03-13', requests: 3, promptTokens: 700, completionTokens: 70, cost: 7_000n },
      ]);
      expect(await store().usage.totalUsage()).toBe(7_000n);
    });

    it('returns a key\'s all-time spend and its days from a given day', async () => {
      await seed();
      expect(await store().usage.keyDailyCosts(alice, '2025-03-13')).toEqual({ total: 7_000n, days: [{ day: '2025-03-13', cost: 6_000n }] });
      expect(await store().usage.keyDailyCosts(hashOfPlaintext('nobody'), '2025-03-01')).toEqual({ total: 0n, days: [] });
    });

    it('groups usage by day, model and endpoint, filtered by key', async () => {
      await seed();
      const rows = await store().usage.usageRollup({ sinceDay: '2025-03-01', apiKeyHash: alice, groupBy: ['day', 'model', 'endpoint'] });
      expect(rows).toEqual([
        { day: '2025-03-12', model: 'thudm/glm-4-32b', endpointId: 'acme/thudm/glm-4-32b', providerName: 'Acme', requests: 1, promptTokens: 100, completionTokens: 10, reasoningTokens: 4, cost: 1_000n },
        { day: '2025-03-13', model: 'qwen/qwen3-8b', endpointId: 'qwen/qwen3-8b@zephyr', providerName: 'Zephyr', requests: 1, promptTokens: 300, completionTokens: 30, reasoningTokens: 0, cost: 4_000n },
        { day: '2025-03-13', model: 'thudm/glm-4-32b', endpointId: 'acme/thudm/glm-4-32b', providerName: 'Acme', requests: 1, promptTokens: 200, completionTokens: 20, reasoningTokens: 0, cost: 2_000n },
      ]);
    });

    it('sums over every key and honours the day range and model filter', async () => {
      await seed();
      expect(await store().usage.usageRollup({ sinceDay: '2025-03-13', untilDay: '2025-03-13', model: 'thudm/glm-4-32b', groupBy: ['apiKeyHash'] })).toEqual([
        { apiKeyHash: bob, requests: 2, promptTokens: 400, completionTokens: 40, reasoningTokens: 0, cost: 8_000n },
        { apiKeyHash: alice, requests: 1, promptTokens: 200, completionTokens: 20, reasoningTokens: 0, cost: 2_000n },
      ].sort((a, b) => a.apiKeyHash.localeCompare(b.apiKeyHash)));
      expect(await store().usage.usageRollup({ sinceDay: '2025-03-14', groupBy: [] })).toEqual([]);
      expect(await store().usage.usageRollup({ sinceDay: '2025-03-01', groupBy: [] })).toEqual([
        { requests: 5, promptTokens: 1000, completionTokens: 100, reasoningTokens: 4, cost: 15_000n },
      ]);
    });

    it('keeps attributed apps\' tokens per model and day, the biggest first', async () => {
      await seed();
      const apps = await store().usage.appUsage({ sinceDay: '2025-03-10', groupBy: ['model'], limit: 10 });
      expect(apps).toEqual([
        // A tie in tokens (330 each) is broken by the app key.
        { appKey: 'https://playground.example.com/', referer: 'https://playground.example.com/', title: 'Switchboard Playground', model: 'thudm/glm-4-32b', requests: 3, promptTokens: 300, completionTokens: 30, cost: 3_000n },
        { appKey: 'title:Batch tool', referer: null, title: 'Batch tool', model: 'qwen/qwen3-8b', requests: 1, promptTokens: 300, completionTokens: 30, cost: 4_000n },
      ]);
      const daily = await store().usage.appUsage({ sinceDay: '2025-03-13', model: 'thudm/glm-4-32b', groupBy: ['day'], limit: 1 });
      expect(daily).toEqual([
        { appKey: 'https://playground.example.com/', referer: 'https://playground.example.com/', title: 'Switchboard Playground', day: '2025-03-13', requests: 2, promptTokens: 200, completionTokens: 20, cost: 2_000n },
      ]);
    });
  });
}
