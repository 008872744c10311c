import { resolve } from 'node:path';
import { describePostgresUrl } from './postgres/describe-postgres-url.js';

/**
 * Names the database a store URL points at, the same from every process on a machine and
 * never with a password: a SQLite file by its absolute path, PostgreSQL by host, port,
 * database and schema. The record journal writes it into each segment so that records are
 * only ever replayed into the store they were meant for (several deployments may share a
 * working directory, and so a journal directory).
 */
export function storeIdentity(url: string, options: { schema?: string } = {}): string {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return file === ':memory:' ? 'sqlite::memory:' : `sqlite:${resolve(file)}`;
  }
  return `${describePostgresUrl(url)}${options.schema !== undefined ? `?schema=${options.schema}` : ''}`;
}
