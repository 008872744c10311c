import { dirname, join } from 'node:path';
import type { GatewayConfig } from '../catalog/config-schema.js';

/** Where PostgreSQL deployments journal by default, relative to the working directory. */
const POSTGRES_DEFAULT_JOURNAL_DIR = './data/journal';

/**
 * The record journal's directory for a store config, or null when it is off: `store.journal:
 * false`, or `sqlite::memory:` (its records die with the process anyway). Default: `journal`
 * beside a SQLite file, `./data/journal` for PostgreSQL; `store.journal_dir` overrides both.
 */
export function journalDirectory(store: Pick<GatewayConfig['store'], 'url' | 'journal' | 'journal_dir'>, url: string = store.url): string | null {
  if (store.journal === false || url === 'sqlite::memory:') return null;
  if (store.journal_dir !== undefined) return store.journal_dir;
  if (url.startsWith('sqlite:')) return join(dirname(url.slice('sqlite:'.length)), 'journal');
  return POSTGRES_DEFAULT_JOURNAL_DIR;
}
