import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { usageRollupsMigration } from './0002-usage-rollups.js';

/**
 * Every PostgreSQL migration (names mirror the SQLite ones), listed statically so they ship inside the compiled dist/ without a
 * folder scan. Kysely runs them in name order; append new ones, never rename or edit old ones.
 */
export const postgresMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initialMigration,
  '0002-usage-rollups': usageRollupsMigration,
};

/** Hands Kysely's Migrator the static list above. */
export const postgresMigrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...postgresMigrations }),
};
