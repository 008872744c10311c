import type { ColumnType, Generated } from 'kysely';

/**
 * The Kysely table types shared by every store backend. Select types are what a driver may
 * hand back (SQLite with safe integers gives bigint; PostgreSQL gives number for int4 and a
 * string for int8 and numeric), so row mappers convert explicitly; insert and update types
 * are what the stores write. Money is always an integer count of picodollars.
 */

/** An integer as some driver returns it. */
export type StoredIntegerValue = bigint | number | string;

/** A non-money integer (token counts, unix ms, latencies). */
export type IntegerColumn = ColumnType<StoredIntegerValue, number | bigint, number | bigint>;
/** A nullable non-money integer. */
export type NullableIntegerColumn = ColumnType<StoredIntegerValue | null, number | bigint | null, number | bigint | null>;
/** Picodollars: written only as bigint so no float ever reaches a money column. */
export type MoneyColumn = ColumnType<StoredIntegerValue, bigint, bigint>;
/** Nullable picodollars. */
export type NullableMoneyColumn = ColumnType<StoredIntegerValue | null, bigint | null, bigint | null>;
/** Booleans are stored as the integers 0 and 1 on every backend. */
export type BooleanColumn = ColumnType<StoredIntegerValue | boolean, 0 | 1, 0 | 1>;

/** `api_keys`: one row per API key, keyed by the SHA-256 hex of the plaintext. */
export interface ApiKeysTable {
  hash: string;
  name: string;
  label: string;
  disabled: BooleanColumn;
  is_management: BooleanColumn;
  /** `limit` is a reserved word in SQL, hence the longer name. */
  spending_limit: NullableMoneyColumn;
  limit_reset: string | null;
  expires_at: NullableIntegerColumn;
  created_at: IntegerColumn;
  updated_at: IntegerColumn;
}

/** `generations`: one row per generation record; `attempts` is JSON text. */
export interface GenerationsTable {
  id: string;
  upstream_id: string | null;
  created_at: IntegerColumn;
  api_key_hash: string;
  model: string;
  provider_name: string | null;
  provider_slug: string | null;
  endpoint_id: string | null;
  api_type: string;
  streamed: BooleanColumn;
  cancelled: BooleanColumn;
  finish_reason: string | null;
  native_finish_reason: string | null;
  latency_ms: NullableIntegerColumn;
  generation_time_ms: NullableIntegerColumn;
  tokens_prompt: IntegerColumn;
  tokens_completion: IntegerColumn;
  native_tokens_prompt: IntegerColumn;
  native_tokens_completion: IntegerColumn;
  native_tokens_reasoning: IntegerColumn;
  native_tokens_cached: IntegerColumn;
  native_tokens_cache_write: IntegerColumn;
  num_media_prompt: IntegerColumn;
  total_cost: MoneyColumn;
  cache_discount: MoneyColumn;
  app_title: string | null;
  http_referer: string | null;
  app_categories: string | null;
  user_agent: string | null;
  external_user: string | null;
  session_id: string | null;
  error_message: string | null;
  attempts: string;
}

/** `key_daily_usage`: per key, per UTC day (`YYYY-MM-DD`) rollup of generations. */
export interface KeyDailyUsageTable {
  api_key_hash: string;
  day: string;
  total_cost: MoneyColumn;
  requests: IntegerColumn;
  tokens_prompt: IntegerColumn;
  tokens_completion: IntegerColumn;
}

/** `credit_ledger`: append-only credit grants (and corrections, which may be negative). */
export interface CreditLedgerTable {
  id: Generated<StoredIntegerValue>;
  amount: MoneyColumn;
  at: IntegerColumn;
  note: string | null;
}

/** `usage_rollup`: per UTC day, key, model and endpoint (`''` when no endpoint served). */
export interface UsageRollupTable {
  day: string;
  api_key_hash: string;
  model: string;
  endpoint_id: string;
  provider_name: string;
  requests: IntegerColumn;
  tokens_prompt: IntegerColumn;
  tokens_completion: IntegerColumn;
  tokens_reasoning: IntegerColumn;
  total_cost: MoneyColumn;
}

/** `app_usage_rollup`: per UTC day, attributed app and model. */
export interface AppUsageRollupTable {
  day: string;
  app_key: string;
  app_referer: string | null;
  app_title: string | null;
  model: string;
  requests: IntegerColumn;
  tokens_prompt: IntegerColumn;
  tokens_completion: IntegerColumn;
  total_cost: MoneyColumn;
}

/** The whole schema, as Kysely sees it. */
export interface Database {
  api_keys: ApiKeysTable;
  generations: GenerationsTable;
  key_daily_usage: KeyDailyUsageTable;
  credit_ledger: CreditLedgerTable;
  usage_rollup: UsageRollupTable;
  app_usage_rollup: AppUsageRollupTable;
}
