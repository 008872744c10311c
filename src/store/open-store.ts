import { openPostgresStore } from './postgres/open-postgres-store.js';
import { SQLITE_MEMORY, openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { Store } from './store-types.js';

const SQLITE_PREFIX = 'sqlite:';

export interface OpenStoreOptions {
  /** PostgreSQL: most pooled connections (config `store.pool_size`). */
  poolSize?: number;
  /** PostgreSQL: the schema holding the tables (config `store.schema`). */
  schema?: string;
  /** PostgreSQL: errors of idle pooled connections (the server went away), for the log. */
  onIdleError?: (error: Error) => void;
  /** false: open without migrating (`switchboard migrate` or a cluster's primary did it). */
  migrate?: boolean;
}

/**
 * Opens the store a database URL names and migrates it: `sqlite:./path/to.db` (a path
 * relative to the working directory, or absolute as `sqlite:/var/lib/x.db`), `sqlite::memory:`,
 * or `postgres://user:password@host:port/database` (also `postgresql://`). Error messages
 * never echo a PostgreSQL URL whole, since it may carry a password.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (url.startsWith(SQLITE_PREFIX)) return openSqliteStore(sqliteFilename(url.slice(SQLITE_PREFIX.length)));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return openPostgresStore({
      url,
      ...(options.poolSize !== undefined ? { poolSize: options.poolSize } : {}),
      ...(options.schema !== undefined ? { schema: options.schema } : {}),
      ...(options.onIdleError !== undefined ? { onIdleError: options.onIdleError } : {}),
      ...(options.migrate !== undefined ? { migrate: options.migrate } : {}),
    });
  }
  const named = scheme === undefined ? 'a URL without a scheme' : `the scheme "${scheme}:"`;
  throw new Error(
    `Unsupported store URL (${named}); expected sqlite:./path/to.db, sqlite:/absolute/path.db, sqlite::memory: or postgres://user@host:5432/database`,
  );
}

function sqliteFilename(rest: string): string {
  if (rest === SQLITE_MEMORY) return SQLITE_MEMORY;
  if (rest === '') throw new Error('The sqlite: store URL names no file; expected sqlite:./path/to.db or sqlite::memory:');
  // `sqlite://x` would silently become the absolute path /x; ask for an explicit path instead.
  if (rest.startsWith('//')) {
    throw new Error('Write sqlite store URLs without "//": sqlite:./relative.db or sqlite:/absolute/path.db');
  }
  return rest;
}
