import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Rollups the activity API, the stats pages and app attribution read, kept in step with
 * `generations` inside the same write transaction (never by scanning generations):
 * - `usage_rollup`: per UTC day, key, model and endpoint (endpoint '' when no attempt served);
 * - `app_usage_rollup`: per UTC day, app and model, for attributed requests only.
 * Unlike SQLite's, it backfills nothing: no PostgreSQL store held generations before it.
 */
/** Text compares byte by byte as in SQLite (not by the database's locale), so both backends order alike. */
const TEXT = sql`text collate "C"`;

export const usageRollupsMigration: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('usage_rollup')
      .addColumn('day', TEXT, (column) => column.notNull())
      .addColumn('api_key_hash', TEXT, (column) => column.notNull())
      .addColumn('model', TEXT, (column) => column.notNull())
      .addColumn('endpoint_id', TEXT, (column) => column.notNull())
      .addColumn('provider_name', TEXT, (column) => column.notNull())
      .addColumn('requests', 'bigint', (column) => column.notNull())
      .addColumn('tokens_prompt', 'bigint', (column) => column.notNull())
      .addColumn('tokens_completion', 'bigint', (column) => column.notNull())
      .addColumn('tokens_reasoning', 'bigint', (column) => column.notNull())
      .addColumn('total_cost', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('usage_rollup_primary_key', ['day', 'api_key_hash', 'model', 'endpoint_id'])
      .execute();
    await database.schema.createIndex('usage_rollup_key_day').on('usage_rollup').columns(['api_key_hash', 'day']).execute();
    await database.schema.createIndex('usage_rollup_model_day').on('usage_rollup').columns(['model', 'day']).execute();

    await database.schema
      .createTable('app_usage_rollup')
      .addColumn('day', TEXT, (column) => column.notNull())
      // The referer when sent (OpenRouter's app identity), else `title:<title>`.
      .addColumn('app_key', TEXT, (column) => column.notNull())
      .addColumn('app_referer', TEXT)
      .addColumn('app_title', TEXT)
      .addColumn('model', TEXT, (column) => column.notNull())
      .addColumn('requests', 'bigint', (column) => column.notNull())
      .addColumn('tokens_prompt', 'bigint', (column) => column.notNull())
      .addColumn('tokens_completion', 'bigint', (column) => column.notNull())
      .addColumn('total_cost', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('app_usage_rollup_primary_key', ['day', 'app_key', 'model'])
      .execute();
    await database.schema.createIndex('app_usage_rollup_model_day').on('app_usage_rollup').columns(['model', 'day']).execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['app_usage_rollup', 'usage_rollup']) await database.schema.dropTable(table).ifExists().execute();
  },
};
