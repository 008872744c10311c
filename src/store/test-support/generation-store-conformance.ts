import { describe, expect, it } from 'vitest';
import type { GenerationRecord, Store } from '../store-types.js';
import { hashOfPlaintext, makeGeneration, THURSDAY_MORNING } from './store-fixtures.js';

const MINUTE = 60_000;

/** GenerationStore behaviour: round trips, listing order and filters, idempotent batches. */
export function describeGenerationStoreConformance(store: () => Store): void {
  describe('generations', () => {
    const today = { day: '2025-03-13', week: '2025-03-10', month: '2025-03-01' };

    it('round-trips a generation with its failed and successful attempts', async () => {
      const generation = makeGeneration();
      await store().generations.insertGenerations([generation]);
      const stored = await store().generations.getGeneration(generation.id);
      expect(stored).toStrictEqual(generation);
      expect(stored?.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
    });

    it('round-trips nulls, flags, a negative cache discount and a connection-error attempt', async () => {
      const generation = makeGeneration({
        id: 'gen-1741858260-failed',
        upstreamId: null,
        providerName: null,
        providerSlug: null,
        endpointId: null,
        apiType: 'completions',
        streamed: false,
        cancelled: true,
        finishReason: null,
        nativeFinishReason: null,
        latencyMs: null,
        generationTimeMs: null,
        tokensPrompt: 0,
        tokensCompletion: 0,
        nativeTokensPrompt: 0,
        nativeTokensCompletion: 0,
        nativeTokensReasoning: 311,
        nativeTokensCached: 1024,
        nativeTokensCacheWrite: 2048,
        numMediaPrompt: 2,
        totalCost: 0n,
        cacheDiscount: -153_600_000n,
        appTitle: null,
        httpReferer: null,
        appCategories: 'cli-agent,programming-app',
        userAgent: null,
        externalUser: 'user-8841',
        sessionId: 'session-2b7e',
        errorMessage: 'All providers failed',
        attempts: [
          { providerName: 'Acme', providerSlug: 'acme', endpointId: 'acme/x', model: 'thudm/glm-4-32b', status: null, latencyMs: 30_000, errorKind: 'timeout' },
        ],
      });
      await store().generations.insertGenerations([generation]);
      expect(await store().generations.getGeneration(generation.id)).toStrictEqual(generation);
    });

    it('returns undefined for an unknown id', async () => {
      await store().generations.insertGenerations([makeGeneration()]);
      expect(await store().generations.getGeneration('gen-unknown')).toBeUndefined();
    });

    it('lists newest first, filtered by key, limited, and paged with an exclusive before', async () => {
      const alice = hashOfPlaintext('alice');
      const bob = hashOfPlaintext('bob');
      const at = (minutes: number) => THURSDAY_MORNING + minutes * MINUTE;
      const records = [
        makeGeneration({ id: 'gen-a1', apiKeyHash: alice, createdAt: at(1) }),
        makeGeneration({ id: 'gen-b2', apiKeyHash: bob, createdAt: at(2) }),
        makeGeneration({ id: 'gen-a4', apiKeyHash: alice, createdAt: at(4) }),
        makeGeneration({ id: 'gen-a3', apiKeyHash: alice, createdAt: at(3) }),
        makeGeneration({ id: 'gen-b5', apiKeyHash: bob, createdAt: at(5) }),
      ];
      await store().generations.insertGenerations(records.slice(0, 2));
      await store().generations.insertGenerations(records.slice(2));
      const ids = (list: GenerationRecord[]) => list.map((record) => record.id);
      const list = store().generations.listGenerations.bind(store().generations);
      expect(ids(await list({ limit: 10 }))).toEqual(['gen-b5', 'gen-a4', 'gen-a3', 'gen-b2', 'gen-a1']);
      expect(ids(await list({ limit: 2 }))).toEqual(['gen-b5', 'gen-a4']);
      expect(ids(await list({ limit: 10, apiKeyHash: alice }))).toEqual(['gen-a4', 'gen-a3', 'gen-a1']);
      expect(ids(await list({ limit: 10, before: at(4) }))).toEqual(['gen-a3', 'gen-b2', 'gen-a1']);
      expect(ids(await list({ limit: 1, apiKeyHash: bob, before: at(5) }))).toEqual(['gen-b2']);
      expect(ids(await list({ limit: 10, apiKeyHash: hashOfPlaintext('carol') }))).toEqual([]);
    });

    it('ignores a generation id inserted again, keeping the first record and counting it once', async () => {
      const first = makeGeneration();
      const retry = makeGeneration({ totalCost: 999_000_000n, model: 'other/model' });
      await store().generations.insertGenerations([first]);
      await store().generations.insertGenerations([retry]);
      expect(await store().generations.getGeneration(first.id)).toStrictEqual(first);
      expect(await store().generations.listGenerations({ limit: 10 })).toHaveLength(1);
      const usage = await store().usage.keyUsage(first.apiKeyHash, today);
      expect(usage).toEqual({ total: 309_600_000n, daily: 309_600_000n, weekly: 309_600_000n, monthly: 309_600_000n });
      expect(await store().usage.totalUsage()).toBe(309_600_000n);
    });

    it('counts an id repeated inside one batch once, alongside the rest of the batch', async () => {
      const repeated = makeGeneration();
      const other = makeGeneration({ id: 'gen-1741858300-other', totalCost: 1_000_000n });
      await store().generations.insertGenerations([repeated, other, { ...repeated, totalCost: 5n }]);
      expect(await store().usage.totalUsage()).toBe(310_600_000n);
      expect((await store().generations.getGeneration(repeated.id))?.totalCost).toBe(309_600_000n);
    });

    it('stores nothing from a batch in which one record cannot be stored', async () => {
      const good = makeGeneration();
      // One picodollar past the signed 64-bit range every backend's integer column holds.
      const unstorable = makeGeneration({ id: 'gen-1741858300-overflow', totalCost: 2n ** 63n });
      await expect(store().generations.insertGenerations([good, unstorable])).rejects.toThrow();
      expect(await store().generations.getGeneration(good.id)).toBeUndefined();
      expect(await store().usage.totalUsage()).toBe(0n);
      await store().generations.insertGenerations([good]);
      expect(await store().usage.totalUsage()).toBe(309_600_000n);
    });

    it('accepts an empty batch', async () => {
      await store().generations.insertGenerations([]);
      expect(await store().generations.listGenerations({ limit: 10 })).toEqual([]);
    });

    it('keeps a generation cost above 2^53 picodollars exact', async () => {
      const totalCost = 1_000_000_000_000_000_001n;
      const generation = makeGeneration({ totalCost, cacheDiscount: -(2n ** 53n) - 1n });
      await store().generations.insertGenerations([generation]);
      const stored = await store().generations.getGeneration(generation.id);
      expect(stored?.totalCost).toBe(totalCost);
      expect(stored?.cacheDiscount).toBe(-9_007_199_254_740_993n);
    });
  });
}
