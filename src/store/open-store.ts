import { SQLITE_MEMORY, openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { Store } from './store-types.js';

const SQLITE_PREFIX = 'sqlite:';

/**
 * Opens the store a database URL names and migrates it: `sqlite:./path/to.db` (a path
 * relative to the working directory, or absolute as `sqlite:/var/lib/x.db`) or
 * `sqlite::memory:`. Error messages name only the URL's scheme, since a PostgreSQL URL
 * may carry a password.
 */
export async function openStore(url: string): Promise<Store> {
  if (url.startsWith(SQLITE_PREFIX)) return openSqliteStore(sqliteFilename(url.slice(SQLITE_PREFIX.length)));
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    throw new Error('PostgreSQL stores are not supported yet; use a sqlite: URL such as sqlite:./data/switchboard.db');
  }
  const named = scheme === undefined ? 'a URL without a scheme' : `the scheme "${scheme}:"`;
  throw new Error(
    `Unsupported store URL (${named}); expected sqlite:./path/to.db, sqlite:/absolute/path.db or sqlite::memory:`,
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
