import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Rollups the activity API, the stats pages and app attribution read, kept in step with
 * `generations` inside the same write transaction (never by scanning generations):
 * - `usage_rollup`: per UTC day, key, model and endpoint (endpoint '' when no attempt served);
 * - `app_usage_rollup`: per UTC day, app and model, for attributed requests only.
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
      .addColumn('requests', 'integer', (column) => column.notNull())
      .addColumn('tokens_prompt', 'integer', (column) => column.notNull())
      .addColumn('tokens_completion', 'integer', (column) => column.notNull())
      .addColumn('tokens_reasoning', 'integer', (column) => column.notNull())
      .addColumn('total_cost', 'integer', (column) => column.notNull())
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
      .addColumn('requests', 'integer', (column) => column.notNull())
      .addColumn('tokens_prompt', 'integer', (column) => column.notNull())
      .addColumn('tokens_completion', 'integer', (column) => column.notNull())
      .addColumn('total_cost', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('app_usage_rollup_primary_key', ['day', 'app_key', 'model'])
      .execute();
    await database.schema.createIndex('app_usage_rollup_model_day').on('app_usage_rollup').columns(['model', 'day']).execute();

    // Generations stored before this migration are rolled up once, so history is not lost.
    const day = sql`strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')`;
    await sql`INSERT INTO usage_rollup (day, api_key_hash, model, endpoint_id, provider_name, requests, tokens_prompt, tokens_completion, tokens_reasoning, total_cost)
      SELECT ${day}, api_key_hash, model, COALESCE(endpoint_id, ''), MAX(COALESCE(provider_name, '')), COUNT(*), SUM(tokens_prompt), SUM(tokens_completion), SUM(native_tokens_reasoning), SUM(total_cost)
      FROM generations GROUP BY ${day}, api_key_hash, model, COALESCE(endpoint_id, '')`.execute(database);
    const appKey = sql`COALESCE(http_referer, 'title:' || app_title)`;
    await sql`INSERT INTO app_usage_rollup (day, app_key, app_referer, app_title, model, requests, tokens_prompt, tokens_completion, total_cost)
      SELECT ${day}, ${appKey}, MAX(http_referer), MAX(app_title), model, COUNT(*), SUM(tokens_prompt), SUM(tokens_completion), SUM(total_cost)
      FROM generations WHERE http_referer IS NOT NULL OR app_title IS NOT NULL GROUP BY ${day}, ${appKey}, model`.execute(database);
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['app_usage_rollup', 'usage_rollup']) await database.schema.dropTable(table).ifExists().execute();
  },
};
