import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../open-store.js';
import { sqliteMigrationProvider } from './migrations/sqlite-migrations.js';
import { describeStoreConformance } from '../test-support/store-conformance.js';
import { makeGeneration, makeKey } from '../test-support/store-fixtures.js';

const temporaryDirectory = mkdtempSync(join(tmpdir(), 'switchboard-sqlite-store-'));
afterAll(() => rmSync(temporaryDirectory, { recursive: true, force: true }));

let fileCount = 0;
/** A fresh database file under directories that do not exist yet. */
function freshDatabasePath(): string {
  fileCount += 1;
  return join(temporaryDirectory, `run-${fileCount}`, 'nested', 'switchboard.db');
}

/** Reads the file directly, as another process would, with exact integers. */
function inspect<T>(path: string, read: (database: BetterSqlite3.Database) => T): T {
  const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  database.defaultSafeIntegers(true);
  try {
    return read(database);
  } finally {
    database.close();
  }
}

describeStoreConformance('sqlite::memory:', () => openStore('sqlite::memory:'));
describeStoreConformance('sqlite file', () => openStore(`sqlite:${freshDatabasePath()}`));

describe('sqlite file store', () => {
  const since = { day: '2025-03-13', week: '2025-03-10', month: '2025-03-01' };

  it('creates parent directories and runs in WAL mode', async () => {
    const path = freshDatabasePath();
    const store = await openStore(`sqlite:${path}`);
    await store.keys.insertKey(makeKey());
    expect(existsSync(`${path}-wal`)).toBe(true);
    await store.close();
    expect(inspect(path, (database) => database.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('keeps keys, generations, usage and credits across close and reopen, migrating once', async () => {
    const path = freshDatabasePath();
    const key = makeKey();
    const generation = makeGeneration({ totalCost: 1_000_000_000_000_000_001n });
    const first = await openStore(`sqlite:${path}`);
    await first.keys.insertKey(key);
    await first.generations.insertGenerations([generation]);
    await first.credits.addCredits(2_000_000_000_000_000_000n, Date.UTC(2025, 2, 1), 'Opening balance');
    await first.close();

    const reopened = await openStore(`sqlite:${path}`);
    try {
      expect(await reopened.keys.getKey(key.hash)).toStrictEqual(key);
      expect(await reopened.generations.getGeneration(generation.id)).toStrictEqual(generation);
      expect((await reopened.usage.keyUsage(key.hash, since)).total).toBe(1_000_000_000_000_000_001n);
      expect(await reopened.credits.totalCredits()).toBe(2_000_000_000_000_000_000n);
      // The id survived the reopen, so a retried flush still is not counted twice.
      await reopened.generations.insertGenerations([generation]);
      expect(await reopened.usage.totalUsage()).toBe(1_000_000_000_000_000_001n);
    } finally {
      await reopened.close();
    }
    const migrations = inspect(path, (database) => database.prepare('select name from kysely_migration').pluck().all());
    expect(migrations).toEqual(['0001-initial', '0002-usage-rollups']);
  });

  it('rolls up the generations stored before the rollup migration when it runs', async () => {
    const path = freshDatabasePath();
    const first = await openStore(`sqlite:${path}`);
    await first.generations.insertGenerations([
      makeGeneration({ id: 'gen-old-1', totalCost: 7n }),
      makeGeneration({ id: 'gen-old-2', totalCost: 5n, httpReferer: null, appTitle: 'Batch tool', endpointId: null, providerName: null }),
    ]);
    await first.close();
    // Back to the schema before the rollups existed, as an older gateway left it.
    const database = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    const { error } = await new Migrator({ db: database, provider: sqliteMigrationProvider }).migrateDown();
    await database.destroy();
    expect(error).toBeUndefined();

    const upgraded = await openStore(`sqlite:${path}`);
    try {
      const rows = await upgraded.usage.usageRollup({ sinceDay: '2025-01-01', groupBy: ['endpoint'] });
      expect(rows.map((row) => [row.endpointId, row.providerName, row.requests, row.cost])).toEqual([['', '', 1, 5n], ['acme/thudm/glm-4-32b', 'Acme', 1, 7n]]);
      const apps = await upgraded.usage.appUsage({ sinceDay: '2025-01-01', groupBy: ['day'], limit: 10 });
      expect(apps.map((app) => [app.appKey, app.title, app.day, app.requests])).toEqual([
        ['https://playground.example.com/', 'Switchboard Playground', '2025-03-13', 1],
        ['title:Batch tool', 'Batch tool', '2025-03-13', 1],
      ]);
    } finally {
      await upgraded.close();
    }
  });

  it('stores money as INTEGER and rolls requests and tokens up per key and UTC day', async () => {
    const path = freshDatabasePath();
    const store = await openStore(`sqlite:${path}`);
    await store.generations.insertGenerations([
      makeGeneration({ id: 'gen-morning' }),
      makeGeneration({ id: 'gen-evening', createdAt: Date.parse('2025-03-13T23:59:59.999Z'), tokensPrompt: 10, tokensCompletion: 5, totalCost: 3_600_000n }),
      makeGeneration({ id: 'gen-next-day', createdAt: Date.parse('2025-03-14T00:00:00.000Z'), totalCost: 1n }),
    ]);
    await store.close();
    const rows = inspect(path, (database) =>
      database
        .prepare('select day, typeof(total_cost) as type, total_cost, requests, tokens_prompt, tokens_completion from key_daily_usage order by day')
        .all(),
    );
    expect(rows).toEqual([
      { day: '2025-03-13', type: 'integer', total_cost: 313_200_000n, requests: 2n, tokens_prompt: 1244n, tokens_completion: 61n },
      { day: '2025-03-14', type: 'integer', total_cost: 1n, requests: 1n, tokens_prompt: 1234n, tokens_completion: 56n },
    ]);
  });
});

describe('openStore', () => {
  it('refuses other schemes, a missing file name and sqlite:// URLs', async () => {
    await expect(openStore('mysql://db.internal/switchboard')).rejects.toThrow(/Unsupported store URL \(the scheme "mysql:"\)/);
    await expect(openStore('./switchboard.db')).rejects.toThrow(/without a scheme/);
    await expect(openStore('sqlite:')).rejects.toThrow(/names no file/);
    await expect(openStore('sqlite://data/switchboard.db')).rejects.toThrow(/without "\/\/"/);
  });

  it('opens an in-memory store that is empty and usable', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      expect(await store.keys.listKeys({ includeDisabled: true, includeManagement: true, offset: 0, limit: 10 })).toEqual([]);
      await store.credits.addCredits(1n, Date.UTC(2025, 2, 1), null);
      expect(await store.credits.totalCredits()).toBe(1n);
    } finally {
      await store.close();
    }
  });
});
