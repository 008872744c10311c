import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import { describeStoreConformance } from '../test-support/store-conformance.js';
import { makeGeneration, makeKey } from '../test-support/store-fixtures.js';
import {
  dropSchema,
  openTemporaryPostgresStore,
  requirePostgresUrl,
  skipWithoutPostgres,
  temporarySchemaName,
} from '../test-support/postgres-test-database.js';

const skip = skipWithoutPostgres('PostgreSQL store');

/** Runs one query in the given schema, as another process would see it. */
async function inspect<T extends pg.QueryResultRow>(schema: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: requirePostgresUrl(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(skip)('PostgreSQL store', () => {
  describeStoreConformance('postgres', () => openTemporaryPostgresStore());

  const since = { day: '2025-03-13', week: '2025-03-10', month: '2025-03-01' };
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  it('keeps keys, generations, usage and credits across close and reopen, migrating once', async () => {
    const schema = temporarySchemaName();
    schemas.push(schema);
    const url = requirePostgresUrl();
    const key = makeKey();
    const generation = makeGeneration({ totalCost: 1_000_000_000_000_000_001n });
    const first = await openStore(url, { schema, poolSize: 2 });
    await first.keys.insertKey(key);
    await first.generations.insertGenerations([generation]);
    await first.credits.addCredits(2_000_000_000_000_000_000n, Date.UTC(2025, 2, 1), 'Opening balance');
    await first.close();

    const reopened = await openStore(url, { schema });
    try {
      expect(await reopened.keys.getKey(key.hash)).toStrictEqual(key);
      expect(await reopened.generations.getGeneration(generation.id)).toStrictEqual(generation);
      expect((await reopened.usage.keyUsage(key.hash, since)).total).toBe(1_000_000_000_000_000_001n);
      expect(await reopened.credits.totalCredits()).toBe(2_000_000_000_000_000_000n);
      await reopened.generations.insertGenerations([generation]);
      expect(await reopened.usage.totalUsage()).toBe(1_000_000_000_000_000_001n);
    } finally {
      await reopened.close();
    }
    const migrations = await inspect<{ name: string }>(schema, 'select name from kysely_migration order by name');
    expect(migrations.map((row) => row.name)).toEqual(['0001-initial', '0002-usage-rollups']);
  });

  it('stores money as BIGINT and sums it exactly as NUMERIC past the 64-bit range of one row', async () => {
    const store = await openTemporaryPostgresStore();
    try {
      const big = 2n ** 62n;
      await store.generations.insertGenerations([
        makeGeneration({ id: 'gen-a', totalCost: big, createdAt: Date.parse('2025-03-12T10:00:00Z') }),
        makeGeneration({ id: 'gen-b', totalCost: big, createdAt: Date.parse('2025-03-13T10:00:00Z') }),
        makeGeneration({ id: 'gen-c', totalCost: 7n, createdAt: Date.parse('2025-03-13T23:59:59.999Z') }),
      ]);
      // 2^63 + 7 overflows a BIGINT; PostgreSQL's SUM(bigint) is NUMERIC, read as text, exactly.
      expect(await store.usage.totalUsage()).toBe(2n ** 63n + 7n);
      expect((await store.usage.keyUsage(makeKey().hash, since)).weekly).toBe(2n ** 63n + 7n);
      const columns = await inspect<{ column_name: string; data_type: string; collation_name: string | null }>(
        store.schema,
        `select column_name, data_type, collation_name from information_schema.columns where table_schema = '${store.schema}' and table_name = 'key_daily_usage' order by column_name`,
      );
      expect(columns.find((column) => column.column_name === 'total_cost')?.data_type).toBe('bigint');
      // Text orders byte by byte, as in SQLite, whatever the database's locale.
      expect(columns.find((column) => column.column_name === 'day')?.collation_name).toBe('C');
      const rows = await inspect<{ day: string; total_cost: string; requests: string }>(store.schema, 'select day, total_cost, requests from key_daily_usage order by day');
      expect(rows).toEqual([
        { day: '2025-03-12', total_cost: String(big), requests: '1' },
        { day: '2025-03-13', total_cost: String(big + 7n), requests: '2' },
      ]);
    } finally {
      await store.close();
    }
  });

  it('writes concurrent batches from several pooled connections without losing or double counting', async () => {
    const store = await openTemporaryPostgresStore({ poolSize: 4 });
    try {
      const batches = Array.from({ length: 8 }, (_, batch) =>
        Array.from({ length: 25 }, (_, index) => makeGeneration({ id: `gen-${batch}-${index}`, totalCost: 1_000n })),
      );
      // Every batch is sent twice at once, as a retry racing its original would be.
      await Promise.all([...batches, ...batches].map((batch) => store.generations.insertGenerations(batch)));
      expect(await store.usage.totalUsage()).toBe(200_000n);
      const [rollup] = await store.usage.usageRollup({ sinceDay: '2025-01-01', groupBy: [] });
      expect(rollup?.requests).toBe(200);
      const [app] = await store.usage.appUsage({ sinceDay: '2025-01-01', groupBy: [], limit: 10 });
      expect(app?.requests).toBe(200);
    } finally {
      await store.close();
    }
  });

  it('migrates its own schema when another schema of the database already has a migration table', async () => {
    const other = await openTemporaryPostgresStore();
    const schema = temporarySchemaName();
    schemas.push(schema);
    try {
      // No store.schema: the tables go to the search_path's first schema (set here per connection).
      const url = new URL(requirePostgresUrl());
      url.searchParams.set('options', `-c search_path=${schema}`);
      const client = new pg.Client({ connectionString: requirePostgresUrl() });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      const store = await openStore(url.toString());
      try {
        await store.keys.insertKey(makeKey());
        expect(await store.keys.getKey(makeKey().hash)).toStrictEqual(makeKey());
        expect(await other.keys.getKey(makeKey().hash)).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      await other.close();
    }
  });

  it('names only scheme, host, port and database when the server cannot be reached', async () => {
    const attempt = openStore('postgres://switchboard:hunter2-secret@127.0.0.1:1/switchboard?sslmode=disable');
    await expect(attempt).rejects.toThrow(/postgres:\/\/127\.0\.0\.1:1\/switchboard/);
    await expect(attempt).rejects.not.toThrow(/hunter2|switchboard:/);
  });
});
