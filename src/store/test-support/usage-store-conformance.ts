import { describe, expect, it } from 'vitest';
import { picodollarsToUsdString } from '../../spec/money.js';
import type { Store } from '../store-types.js';
import { hashOfPlaintext, makeGeneration } from './store-fixtures.js';

/** UsageStore behaviour: windows by UTC day, per key and overall, exact beyond 2^53. */
export function describeUsageStoreConformance(store: () => Store): void {
  describe('usage', () => {
    const alice = hashOfPlaintext('alice');
    const bob = hashOfPlaintext('bob');
    const since = { day: '2025-03-13', week: '2025-03-10', month: '2025-03-01' };
    const spend = (id: string, apiKeyHash: string, iso: string, totalCost: bigint) =>
      makeGeneration({ id, apiKeyHash, createdAt: Date.parse(iso), totalCost });

    it('reports zero for a key without generations and for an empty store', async () => {
      expect(await store().usage.keyUsage(alice, since)).toEqual({ total: 0n, daily: 0n, weekly: 0n, monthly: 0n });
      expect(await store().usage.totalUsage()).toBe(0n);
      await store().generations.insertGenerations([spend('gen-bob', bob, '2025-03-13T10:00:00.000Z', 5n)]);
      expect(await store().usage.keyUsage(alice, since)).toEqual({ total: 0n, daily: 0n, weekly: 0n, monthly: 0n });
    });

    it('sums a key over all time and since the day, week and month starts, split at UTC midnight', async () => {
      await store().generations.insertGenerations([
        spend('gen-february', alice, '2025-02-28T23:59:59.999Z', 100_000_000n),
        spend('gen-month-start', alice, '2025-03-01T00:00:00.000Z', 200_000_000n),
        spend('gen-sunday', alice, '2025-03-09T23:59:59.999Z', 400_000_000n),
        spend('gen-monday', alice, '2025-03-10T00:00:00.000Z', 800_000_000n),
      ]);
      await store().generations.insertGenerations([
        spend('gen-wednesday', alice, '2025-03-12T08:00:00.000Z', 1_600_000_000n),
        spend('gen-today-early', alice, '2025-03-13T00:00:00.000Z', 3_200_000_000n),
        spend('gen-today-late', alice, '2025-03-13T23:59:59.999Z', 6_400_000_000n),
        spend('gen-bob-today', bob, '2025-03-13T12:00:00.000Z', 12_800_000_000n),
      ]);
      expect(await store().usage.keyUsage(alice, since)).toEqual({
        total: 12_700_000_000n,
        daily: 9_600_000_000n,
        weekly: 12_000_000_000n,
        monthly: 12_600_000_000n,
      });
      expect(await store().usage.keyUsage(bob, since)).toEqual({
        total: 12_800_000_000n,
        daily: 12_800_000_000n,
        weekly: 12_800_000_000n,
        monthly: 12_800_000_000n,
      });
      const tomorrow = { day: '2025-03-14', week: '2025-03-10', month: '2025-03-01' };
      expect((await store().usage.keyUsage(alice, tomorrow)).daily).toBe(0n);
    });

    it('sums usage over every key', async () => {
      await store().generations.insertGenerations([
        spend('gen-1', alice, '2025-01-05T10:00:00.000Z', 309_600_000n),
        spend('gen-2', bob, '2025-03-13T10:00:00.000Z', 1_000_000n),
        spend('gen-3', bob, '2025-03-13T11:00:00.000Z', 7n),
      ]);
      expect(await store().usage.totalUsage()).toBe(310_600_007n);
    });

    it('keeps usage of $1,000,000.000000000001 and sums past 2^53 picodollars exact', async () => {
      const million = 1_000_000_000_000_000_001n;
      // A double cannot hold it: the test would catch a trip through Number.
      expect(BigInt(Number(million))).not.toBe(million);
      await store().generations.insertGenerations([spend('gen-big', alice, '2025-03-13T10:00:00.000Z', million)]);
      const usage = await store().usage.keyUsage(alice, since);
      expect(usage.total).toBe(million);
      expect(picodollarsToUsdString(usage.daily)).toBe('1000000.000000000001');
      await store().generations.insertGenerations([
        spend('gen-big-2', bob, '2025-03-12T10:00:00.000Z', 2n ** 53n + 1n),
        spend('gen-big-3', bob, '2025-03-13T10:00:00.000Z', 2n ** 53n + 1n),
      ]);
      expect((await store().usage.keyUsage(bob, since)).weekly).toBe(18_014_398_509_481_986n);
      expect(await store().usage.totalUsage()).toBe(1_018_014_398_509_481_987n);
    });
  });
}
