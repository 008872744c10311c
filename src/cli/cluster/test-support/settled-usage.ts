import { expect, vi } from 'vitest';
import type { Picodollars } from '../../../spec/money.js';
import { openStore } from '../../../store/open-store.js';

export interface SettledUsageCheck {
  postgresUrl: string;
  schema: string;
  keyHash: string;
  /** X-Generation-Id of every 200 the key got: each must have its record, and the key no other. */
  generationIds: string[];
  /** The key's limit in picodollars. */
  limit: Picodollars;
  /** How long the workers may take to flush their records. */
  timeoutMs?: number;
}

export interface SettledUsage {
  /** Sum of the key's generation costs. */
  spent: Picodollars;
  /** Sum of its key_daily_usage rows. */
  usage: Picodollars;
  records: number;
}

/**
 * What the store holds for a key after a load, read through the store's own interface: once the
 * workers have flushed, records = the 200s served (each by its id), the key_daily_usage sum
 * equals the sum of the generation costs, and that sum is within the limit.
 */
export async function expectSettledUsageWithinLimit(check: SettledUsageCheck): Promise<SettledUsage> {
  const store = await openStore(check.postgresUrl, { schema: check.schema, migrate: false, poolSize: 1 });
  try {
    const expected = [...check.generationIds].sort();
    let records = await store.generations.listGenerations({ apiKeyHash: check.keyHash, limit: 100_000 });
    await vi.waitFor(async () => {
      records = await store.generations.listGenerations({ apiKeyHash: check.keyHash, limit: 100_000 });
      expect(records.length).toBeGreaterThanOrEqual(expected.length);
    }, { timeout: check.timeoutMs ?? 30_000, interval: 200 });
    expect(records.map((record) => record.id).sort()).toEqual(expected);
    const spent = records.reduce((sum, record) => sum + record.totalCost, 0n);
    const usage = (await store.usage.keyDailyCosts(check.keyHash, '0000-01-01')).total;
    expect(usage).toBe(spent);
    expect(spent).toBeLessThanOrEqual(check.limit);
    return { spent, usage, records: records.length };
  } finally {
    await store.close();
  }
}
