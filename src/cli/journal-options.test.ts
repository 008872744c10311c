import { describe, expect, it } from 'vitest';
import { validateConfig, type ConfigLoadResult } from '../catalog/load-config.js';
import { journalDirectory } from './journal-options.js';

function store(input: Record<string, unknown>): ConfigLoadResult {
  return validateConfig({ store: input, providers: [], models: [] });
}

function storeConfig(input: Record<string, unknown>) {
  const result = store(input);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config.store;
}

describe('store.journal and store.journal_dir', () => {
  it('journal beside a SQLite file and in ./data/journal for PostgreSQL by default; off for sqlite::memory:', () => {
    expect(journalDirectory(storeConfig({}))).toBe('data/journal');
    expect(journalDirectory(storeConfig({ url: 'sqlite:/var/lib/switchboard/gateway.db' }))).toBe('/var/lib/switchboard/journal');
    expect(journalDirectory(storeConfig({ url: 'postgres://switchboard@db:5432/switchboard' }))).toBe('./data/journal');
    expect(journalDirectory(storeConfig({ url: 'sqlite::memory:' }))).toBeNull();
    expect(storeConfig({}).flush_interval_ms).toBe(25);
  });

  it('takes a directory, or false to turn the journal off', () => {
    expect(journalDirectory(storeConfig({ url: 'postgres://db/sb', journal_dir: '/srv/journal' }))).toBe('/srv/journal');
    expect(journalDirectory(storeConfig({ url: 'postgres://db/sb', journal: false, journal_dir: '/srv/journal' }))).toBeNull();
    expect(journalDirectory(storeConfig({ journal: false }))).toBeNull();
    // A store URL given on the command line (or by a test) wins over the file's.
    expect(journalDirectory(storeConfig({}), 'sqlite::memory:')).toBeNull();
    expect(journalDirectory(storeConfig({ url: 'sqlite::memory:', journal: false }))).toBeNull();
  });

  it('reports a journal asked of sqlite::memory:, an empty directory and a bad interval, each at its path', () => {
    const errors = (input: Record<string, unknown>): string[] => {
      const result = store(input);
      return result.ok ? [] : result.errors;
    };
    expect(errors({ url: 'sqlite::memory:', journal: true })).toEqual(['store.journal: sqlite::memory: keeps no records across processes, so it takes no journal']);
    expect(errors({ url: 'sqlite::memory:', journal_dir: './j' })).toEqual(['store.journal_dir: sqlite::memory: keeps no records across processes, so it takes no journal']);
    expect(errors({ journal_dir: '' })).toEqual(['store.journal_dir: must not be empty']);
    expect(errors({ journal: 'yes' })).toHaveLength(1);
    expect(errors({ flush_interval_ms: 0 })).toEqual(['store.flush_interval_ms: must be between 1 and 60000, got 0']);
  });
});
