import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { GenerationRecord, GenerationStore } from '../store-types.js';
import { GENERATION_COLUMNS, generationRowValues } from '../portable/generation-rows.js';
import { sumAppUsageRollup, sumDailyUsage, sumUsageRollup } from '../portable/generation-rollups.js';
import { PortableGenerationReads } from '../portable/portable-generation-reads.js';

/** Generation records in `generations`, with the `key_daily_usage` rollup kept in step. */
export class SqliteGenerationStore extends PortableGenerationReads implements GenerationStore {
  constructor(
    database: Kysely<Database>,
    private readonly handle: BetterSqlite3.Database,
  ) {
    super(database);
  }

  /**
   * Inserts the batch and its rollup in one transaction. A record whose id is already stored
   * (an earlier batch, or earlier in this one) is skipped and not rolled up again, so a
   * retried flush never double counts.
   */
  async insertGenerations(records: GenerationRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.insertBatch(records);
  }

  /**
   * The hot write, on prepared statements kept for the life of the store: building and
   * preparing SQL per batch through the query builder cost more than the writes themselves.
   * better-sqlite3 runs the transaction synchronously (it is one fsync-free WAL append).
   */
  private readonly insertBatch = (records: GenerationRecord[]): void => {
    const statements = (this.statements ??= prepareStatements(this.handle));
    statements.transaction(records);
  };

  private statements: PreparedStatements | undefined;
}

interface PreparedStatements {
  transaction: (records: GenerationRecord[]) => void;
}

function prepareStatements(handle: BetterSqlite3.Database): PreparedStatements {
  // Positional parameters: binding 33 named ones looks each name up per row (~2 µs a record).
  const insert = handle.prepare(
    `INSERT INTO generations (${GENERATION_COLUMNS.join(', ')}) VALUES (${GENERATION_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
  );
  const upsert = handle.prepare(
    `INSERT INTO key_daily_usage (api_key_hash, day, total_cost, requests, tokens_prompt, tokens_completion)
     VALUES (@apiKeyHash, @day, @totalCost, @requests, @tokensPrompt, @tokensCompletion)
     ON CONFLICT (api_key_hash, day) DO UPDATE SET
       total_cost = total_cost + excluded.total_cost,
       requests = requests + excluded.requests,
       tokens_prompt = tokens_prompt + excluded.tokens_prompt,
       tokens_completion = tokens_completion + excluded.tokens_completion`,
  );
  const rollup = handle.prepare(
    `INSERT INTO usage_rollup (day, api_key_hash, model, endpoint_id, provider_name, requests, tokens_prompt, tokens_completion, tokens_reasoning, total_cost)
     VALUES (@day, @apiKeyHash, @model, @endpointId, @providerName, @requests, @tokensPrompt, @tokensCompletion, @tokensReasoning, @totalCost)
     ON CONFLICT (day, api_key_hash, model, endpoint_id) DO UPDATE SET
       requests = requests + excluded.requests,
       tokens_prompt = tokens_prompt + excluded.tokens_prompt,
       tokens_completion = tokens_completion + excluded.tokens_completion,
       tokens_reasoning = tokens_reasoning + excluded.tokens_reasoning,
       total_cost = total_cost + excluded.total_cost`,
  );
  const appRollup = handle.prepare(
    `INSERT INTO app_usage_rollup (day, app_key, app_referer, app_title, model, requests, tokens_prompt, tokens_completion, total_cost)
     VALUES (@day, @appKey, @referer, @title, @model, @requests, @tokensPrompt, @tokensCompletion, @totalCost)
     ON CONFLICT (day, app_key, model) DO UPDATE SET
       app_title = COALESCE(excluded.app_title, app_title),
       requests = requests + excluded.requests,
       tokens_prompt = tokens_prompt + excluded.tokens_prompt,
       tokens_completion = tokens_completion + excluded.tokens_completion,
       total_cost = total_cost + excluded.total_cost`,
  );
  // A record whose id is already stored (an earlier batch, or earlier in this one) changes
  // nothing and is not rolled up, so a retried flush never double counts. The rollups are
  // summed per row over the batch first, as on PostgreSQL: one upsert per row, not per record
  // (fewer statements, and no per-record objects kept alive across the transaction).
  const transaction = handle.transaction((records: GenerationRecord[]) => {
    const inserted: GenerationRecord[] = [];
    for (const record of records) {
      if (insert.run(generationRowValues(record)).changes > 0) inserted.push(record);
    }
    for (const delta of sumDailyUsage(inserted)) upsert.run(delta);
    for (const delta of sumUsageRollup(inserted)) rollup.run(delta);
    for (const delta of sumAppUsageRollup(inserted)) appRollup.run(delta);
  });
  return { transaction: (records) => transaction(records) };
}
