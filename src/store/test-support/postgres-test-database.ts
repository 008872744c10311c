import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type OpenStoreOptions } from '../open-store.js';
import type { Store } from '../store-types.js';

/**
 * A real PostgreSQL for tests, from SWITCHBOARD_TEST_POSTGRES_URL. Every store a test opens
 * lives in its own random schema, dropped when the store closes, so test files running in
 * parallel never see each other's rows.
 */
export const POSTGRES_TEST_URL = process.env.SWITCHBOARD_TEST_POSTGRES_URL;

/** True (and says why once per file) when the PostgreSQL suites must be skipped. */
export function skipWithoutPostgres(suite: string): boolean {
  if (POSTGRES_TEST_URL !== undefined && POSTGRES_TEST_URL !== '') return false;
  console.log(`[skipped] ${suite}: SWITCHBOARD_TEST_POSTGRES_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)`);
  return true;
}

export function requirePostgresUrl(): string {
  if (POSTGRES_TEST_URL === undefined || POSTGRES_TEST_URL === '') throw new Error('SWITCHBOARD_TEST_POSTGRES_URL is not set');
  return POSTGRES_TEST_URL;
}

/** A fresh schema name, unique across parallel test processes. */
export function temporarySchemaName(): string {
  return `switchboard_test_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string, url = requirePostgresUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A migrated, empty store in a schema of its own; closing it drops the schema. */
export async function openTemporaryPostgresStore(options: OpenStoreOptions = {}): Promise<Store & { schema: string }> {
  const schema = temporarySchemaName();
  const store = await openStore(requirePostgresUrl(), { ...options, schema });
  let closing: Promise<void> | undefined;
  return {
    schema,
    keys: store.keys,
    generations: store.generations,
    usage: store.usage,
    credits: store.credits,
    ping: () => store.ping(),
    close: () => (closing ??= store.close().finally(() => dropSchema(schema))),
  };
}
