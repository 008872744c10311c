import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The initial PostgreSQL schema, the same tables as SQLite's. Money columns are BIGINT
 * picodollars (a single stored value tops out near $9.2 million; sums are NUMERIC); booleans
 * are SMALLINT 0/1 as on SQLite, so one set of row mappers serves both; times are BIGINT unix
 * milliseconds; token counts are BIGINT too, so rollup sums never overflow. See database-schema.ts for the row types.
 */
/** Text compares byte by byte as in SQLite (not by the database's locale), so both backends order alike. */
const TEXT = sql`text collate "C"`;

export const initialMigration: Migration = {
  async up(database: Kysely<unknown>): Promise<void> {
    await database.schema
      .createTable('api_keys')
      .addColumn('hash', TEXT, (column) => column.primaryKey())
      .addColumn('name', TEXT, (column) => column.notNull())
      .addColumn('label', TEXT, (column) => column.notNull())
      .addColumn('disabled', 'smallint', (column) => column.notNull().defaultTo(0))
      .addColumn('is_management', 'smallint', (column) => column.notNull().defaultTo(0))
      .addColumn('spending_limit', 'bigint')
      .addColumn('limit_reset', TEXT)
      .addColumn('expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute();
    await database.schema.createIndex('api_keys_created_at').on('api_keys').columns(['created_at', 'hash']).execute();

    await database.schema
      .createTable('generations')
      .addColumn('id', TEXT, (column) => column.primaryKey())
      .addColumn('upstream_id', TEXT)
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('api_key_hash', TEXT, (column) => column.notNull())
      .addColumn('model', TEXT, (column) => column.notNull())
      .addColumn('provider_name', TEXT)
      .addColumn('provider_slug', TEXT)
      .addColumn('endpoint_id', TEXT)
      .addColumn('api_type', TEXT, (column) => column.notNull())
      .addColumn('streamed', 'smallint', (column) => column.notNull())
      .addColumn('cancelled', 'smallint', (column) => column.notNull())
      .addColumn('finish_reason', TEXT)
      .addColumn('native_finish_reason', TEXT)
      .addColumn('latency_ms', 'bigint')
      .addColumn('generation_time_ms', 'bigint')
      .addColumn('tokens_prompt', 'bigint', (column) => column.notNull())
      .addColumn('tokens_completion', 'bigint', (column) => column.notNull())
      .addColumn('native_tokens_prompt', 'bigint', (column) => column.notNull())
      .addColumn('native_tokens_completion', 'bigint', (column) => column.notNull())
      .addColumn('native_tokens_reasoning', 'bigint', (column) => column.notNull())
      .addColumn('native_tokens_cached', 'bigint', (column) => column.notNull())
      .addColumn('native_tokens_cache_write', 'bigint', (column) => column.notNull())
      .addColumn('num_media_prompt', 'bigint', (column) => column.notNull())
      .addColumn('total_cost', 'bigint', (column) => column.notNull())
      .addColumn('cache_discount', 'bigint', (column) => column.notNull())
      .addColumn('app_title', TEXT)
      .addColumn('http_referer', TEXT)
      .addColumn('app_categories', TEXT)
      .addColumn('user_agent', TEXT)
      .addColumn('external_user', TEXT)
      .addColumn('session_id', TEXT)
      .addColumn('error_message', TEXT)
      .addColumn('attempts', TEXT, (column) => column.notNull())
      .execute();
    // Newest-first listing, overall and per key.
    await database.schema.createIndex('generations_created_at').on('generations').columns(['created_at', 'id']).execute();
    await database.schema
      .createIndex('generations_api_key_hash_created_at')
      .on('generations')
      .columns(['api_key_hash', 'created_at', 'id'])
      .execute();

    await database.schema
      .createTable('key_daily_usage')
      .addColumn('api_key_hash', TEXT, (column) => column.notNull())
      .addColumn('day', TEXT, (column) => column.notNull())
      .addColumn('total_cost', 'bigint', (column) => column.notNull())
      .addColumn('requests', 'bigint', (column) => column.notNull())
      .addColumn('tokens_prompt', 'bigint', (column) => column.notNull())
      .addColumn('tokens_completion', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('key_daily_usage_primary_key', ['api_key_hash', 'day'])
      .execute();

    await database.schema
      .createTable('credit_ledger')
      .addColumn('id', 'bigint', (column) => column.primaryKey().generatedAlwaysAsIdentity())
      .addColumn('amount', 'bigint', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('note', TEXT)
      .execute();
  },

  async down(database: Kysely<unknown>): Promise<void> {
    for (const table of ['credit_ledger', 'key_daily_usage', 'generations', 'api_keys']) {
      await database.schema.dropTable(table).ifExists().execute();
    }
  },
};
