import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Store } from '../store-types.js';
import { sqliteMigrationProvider } from './migrations/sqlite-migrations.js';
import { PortableCreditStore } from '../portable/portable-credit-store.js';
import { PortableKeyStore } from '../portable/portable-key-store.js';
import { PortableUsageStore } from '../portable/portable-usage-store.js';
import { SqliteGenerationStore } from './sqlite-generation-store.js';

/** The in-memory database name better-sqlite3 understands. */
export const SQLITE_MEMORY = ':memory:';

/** How long a writer waits on another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating when needed) a SQLite database file, or `:memory:`, migrates it to the
 * latest schema and returns the store. The parent directory of a file is created.
 */
export async function openSqliteStore(filename: string): Promise<Store> {
  const handle = openHandle(filename);
  const database = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  try {
    const { error } = await new Migrator({ db: database, provider: sqliteMigrationProvider }).migrateToLatest();
    if (error !== undefined) {
      throw new Error('Migrating the SQLite store failed', { cause: error });
    }
  } catch (error) {
    await database.destroy();
    throw error;
  }
  return createStore(database, handle);
}

function openHandle(filename: string): BetterSqlite3.Database {
  const inMemory = filename === SQLITE_MEMORY;
  if (!inMemory) mkdirSync(dirname(resolve(filename)), { recursive: true });
  const handle = new BetterSqlite3(filename);
  try {
    // Every INTEGER comes back as a bigint so money above 2^53 picodollars stays exact;
    // the row mappers turn non-money integers into numbers.
    handle.defaultSafeIntegers(true);
    // WAL lets readers (the UI, stats) run while the generation writer commits.
    if (!inMemory) handle.pragma('journal_mode = WAL');
    // With WAL, NORMAL only risks the last commits on power loss, never corruption.
    handle.pragma('synchronous = NORMAL');
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    handle.pragma('foreign_keys = ON');
  } catch (error) {
    handle.close();
    throw error;
  }
  return handle;
}

function createStore(database: Kysely<Database>, handle: BetterSqlite3.Database): Store {
  let closing: Promise<void> | undefined;
  return {
    keys: new PortableKeyStore(database),
    generations: new SqliteGenerationStore(database, handle),
    usage: new PortableUsageStore(database),
    credits: new PortableCreditStore(database),
    ping: async () => {
      await sql`select 1`.execute(database);
    },
    close: () => (closing ??= database.destroy()),
  };
}
