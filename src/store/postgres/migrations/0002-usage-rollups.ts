import type { Kysely, Migration } from 'kysely';

/**
 * Rollups the activity API, the stats pages and app attribution read, kept in step with
 * `generations` inside the same write transaction (never by scanning generations):
 * - `usage_rollup`: per UTC day, key, model and endpoint (endpoint '' when no attempt served);
 * - `app_usage_rollup`: per UTC day, app and model, for attributed requests only.
 * Unlike SQLite's, it backfills nothing: no PostgreSQL store held generations before it.
 */
export const usageRollupsMigration: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('usage_rollup')
      .addColumn('day', 'text', (column) => column.notNull())
      .addColumn('api_key_hash', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('endpoint_id', 'text', (column) => column.notNull())
      .addColumn('provider_name', 'text', (column) => column.notNull())
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
      .addColumn('day', 'text', (column) => column.notNull())
      // The referer when sent (OpenRouter's app identity), else `title:<title>`.
      .addColumn('app_key', 'text', (column) => column.notNull())
      .addColumn('app_referer', 'text')
      .addColumn('app_title', 'text')
      .addColumn('model', 'text', (column) => column.notNull())
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
