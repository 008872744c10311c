import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../database-schema.js';
import type { Store } from '../store-types.js';
import { PortableCreditStore } from '../portable/portable-credit-store.js';
import { PortableKeyStore } from '../portable/portable-key-store.js';
import { PortableUsageStore } from '../portable/portable-usage-store.js';
import { postgresMigrationProvider } from './migrations/postgres-migrations.js';
import { PostgresGenerationStore } from './postgres-generation-store.js';
import { describePostgresUrl } from './describe-postgres-url.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`); never printed whole. */
  url: string;
  /** Most connections the pool opens (default 10). */
  poolSize?: number;
  /** A schema to hold the tables (created when missing), else the server's search_path. */
  schema?: string;
  /** How long a query waits for a connection, connecting included (default 5 s). */
  connectTimeoutMs?: number;
  /** A query unanswered this long fails client-side, so a hung server cannot hold a request forever (default 15 s). */
  queryTimeoutMs?: number;
  /** Where connection errors of idle pooled clients are reported (they would crash the process unhandled). */
  onIdleError?: (error: Error) => void;
  /** false: only connect, without migrating (the primary of a cluster migrated already). */
  migrate?: boolean;
}

const DEFAULT_POOL_SIZE = 10;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a pooled PostgreSQL store and (unless told not to) migrates it to the latest schema;
 * Kysely's migrator takes an advisory lock, so processes starting together migrate once.
 * Errors name only the URL's scheme, host, port and database: the URL may carry a password.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const where = describePostgresUrl(options.url);
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`store.schema "${options.schema}" is not a plain lower-case SQL identifier`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // A slow statement is cancelled by the server first (a clean error; the transaction rolls
    // back); the client-side timeout only fires when the network itself stalls.
    statement_timeout: 10_000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
    application_name: 'switchboard',
    // TCP keep-alive notices a database host that vanished without closing its connections.
    keepAlive: true,
    ...(options.schema !== undefined ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  const database = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.schema !== undefined) await database.schema.createSchema(options.schema).ifNotExists().execute();
    if (options.migrate ?? true) await migrate(database, options.schema);
  } catch (error) {
    await database.destroy();
    throw new Error(`Opening the PostgreSQL store at ${where} failed: ${messageOf(error)}`, { cause: error });
  }
  return createStore(database);
}

async function migrate(database: Kysely<Database>, configuredSchema: string | undefined): Promise<void> {
  // Kysely looks for its migration table in every schema unless told which one: another
  // schema's kysely_migration (another app, another deployment) must not count as ours.
  const schema = configuredSchema ?? (await currentSchema(database));
  const migrator = new Migrator({
    db: database,
    provider: postgresMigrationProvider,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error(`migrating failed: ${messageOf(error)}`, { cause: error });
}

async function currentSchema(database: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database);
  return rows[0]?.schema ?? undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0]);
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}

function createStore(database: Kysely<Database>): Store {
  let closing: Promise<void> | undefined;
  return {
    keys: new PortableKeyStore(database),
    generations: new PostgresGenerationStore(database),
    usage: new PortableUsageStore(database),
    credits: new PortableCreditStore(database),
    ping: async () => {
      await sql`select 1`.execute(database);
    },
    close: () => (closing ??= database.destroy()),
  };
}
