import { InMemorySpendLedger } from '../metering/in-memory-spend-ledger.js';
import { RedisSpendLedger } from './redis-spend-ledger.js';
import { spendLedgerConformance } from './test-support/spend-ledger-conformance.js';
import { connectTestRedis, deletePrefix, randomPrefix, silentLog, skipWithoutRedis } from './test-support/test-redis.js';

spendLedgerConformance('in memory', async (baselines, now, ttlMs) => ({
  ledger: new InMemorySpendLedger({ baselines, now, reservationTtlMs: ttlMs, creditsRefreshMs: 1_000 }),
}));

spendLedgerConformance(
  'redis',
  async (baselines, now, ttlMs) => {
    const connection = await connectTestRedis(randomPrefix());
    const ledger = new RedisSpendLedger({ connection, baselines, now, reservationTtlMs: ttlMs, creditsRefreshMs: 1_000, log: silentLog });
    return {
      ledger,
      cleanup: async () => {
        await ledger.close();
        await deletePrefix(connection);
        await connection.close();
      },
    };
  },
  skipWithoutRedis('SpendLedger conformance on redis'),
);
