import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database-schema.js';
import type { GenerationRecord, GenerationStore } from '../store-types.js';
import { generationToRow } from '../portable/generation-rows.js';
import { sumAppUsageRollup, sumDailyUsage, sumUsageRollup } from '../portable/generation-rollups.js';
import { PortableGenerationReads } from '../portable/portable-generation-reads.js';

/**
 * Generation records in `generations`, with the rollups kept in step. A batch is one
 * transaction of at most four statements whatever its size: one multi-row insert that skips
 * ids already stored and returns the ids it stored, then one multi-row upsert per rollup over
 * those records only, so a retried batch never double counts.
 */
export class PostgresGenerationStore extends PortableGenerationReads implements GenerationStore {
  constructor(database: Kysely<Database>) {
    super(database);
  }

  async insertGenerations(records: GenerationRecord[]): Promise<void> {
    // In id order, so batches racing from several processes lock rows in one order.
    const unique = inKeyOrder(firstOfEachId(records), (record) => [record.id]);
    if (unique.length === 0) return;
    await this.database.transaction().execute(async (transaction) => {
      const stored = await transaction
        .insertInto('generations')
        .values(unique.map(generationToRow))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .execute();
      const storedIds = new Set(stored.map((row) => row.id));
      const inserted = unique.filter((record) => storedIds.has(record.id));
      if (inserted.length > 0) await rollUp(transaction, inserted);
    });
  }
}

/** An id repeated inside one batch counts once, as its first record (SQLite's row-by-row insert keeps the first too). */
function firstOfEachId(records: readonly GenerationRecord[]): GenerationRecord[] {
  const seen = new Set<string>();
  const unique: GenerationRecord[] = [];
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    unique.push(record);
  }
  return unique;
}

/**
 * Each upsert names every conflict target once (the deltas are summed per row first), since a
 * multi-row ON CONFLICT DO UPDATE may not touch one row twice; rows go in key order, so two
 * processes' batches lock shared rollup rows in the same order and cannot deadlock.
 */
async function rollUp(transaction: Transaction<Database>, inserted: GenerationRecord[]): Promise<void> {
  await transaction
    .insertInto('key_daily_usage')
    .values(inKeyOrder(sumDailyUsage(inserted), (delta) => [delta.apiKeyHash, delta.day]).map((delta) => ({
      api_key_hash: delta.apiKeyHash,
      day: delta.day,
      total_cost: delta.totalCost,
      requests: delta.requests,
      tokens_prompt: delta.tokensPrompt,
      tokens_completion: delta.tokensCompletion,
    })))
    .onConflict((conflict) => conflict.columns(['api_key_hash', 'day']).doUpdateSet({
      total_cost: sql`key_daily_usage.total_cost + excluded.total_cost`,
      requests: sql`key_daily_usage.requests + excluded.requests`,
      tokens_prompt: sql`key_daily_usage.tokens_prompt + excluded.tokens_prompt`,
      tokens_completion: sql`key_daily_usage.tokens_completion + excluded.tokens_completion`,
    }))
    .execute();

  await transaction
    .insertInto('usage_rollup')
    .values(inKeyOrder(sumUsageRollup(inserted), (delta) => [delta.day, delta.apiKeyHash, delta.model, delta.endpointId]).map((delta) => ({
      day: delta.day,
      api_key_hash: delta.apiKeyHash,
      model: delta.model,
      endpoint_id: delta.endpointId,
      provider_name: delta.providerName,
      requests: delta.requests,
      tokens_prompt: delta.tokensPrompt,
      tokens_completion: delta.tokensCompletion,
      tokens_reasoning: delta.tokensReasoning,
      total_cost: delta.totalCost,
    })))
    .onConflict((conflict) => conflict.columns(['day', 'api_key_hash', 'model', 'endpoint_id']).doUpdateSet({
      requests: sql`usage_rollup.requests + excluded.requests`,
      tokens_prompt: sql`usage_rollup.tokens_prompt + excluded.tokens_prompt`,
      tokens_completion: sql`usage_rollup.tokens_completion + excluded.tokens_completion`,
      tokens_reasoning: sql`usage_rollup.tokens_reasoning + excluded.tokens_reasoning`,
      total_cost: sql`usage_rollup.total_cost + excluded.total_cost`,
    }))
    .execute();

  const apps = inKeyOrder(sumAppUsageRollup(inserted), (delta) => [delta.day, delta.appKey, delta.model]);
  if (apps.length === 0) return;
  await transaction
    .insertInto('app_usage_rollup')
    .values(apps.map((delta) => ({
      day: delta.day,
      app_key: delta.appKey,
      app_referer: delta.referer,
      app_title: delta.title,
      model: delta.model,
      requests: delta.requests,
      tokens_prompt: delta.tokensPrompt,
      tokens_completion: delta.tokensCompletion,
      total_cost: delta.totalCost,
    })))
    .onConflict((conflict) => conflict.columns(['day', 'app_key', 'model']).doUpdateSet({
      app_title: sql`COALESCE(excluded.app_title, app_usage_rollup.app_title)`,
      requests: sql`app_usage_rollup.requests + excluded.requests`,
      tokens_prompt: sql`app_usage_rollup.tokens_prompt + excluded.tokens_prompt`,
      tokens_completion: sql`app_usage_rollup.tokens_completion + excluded.tokens_completion`,
      total_cost: sql`app_usage_rollup.total_cost + excluded.total_cost`,
    }))
    .execute();
}

function inKeyOrder<T>(rows: T[], keyOf: (row: T) => string[]): T[] {
  const keyed = rows.map((row) => ({ row, key: keyOf(row).join('\u0000') }));
  keyed.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return keyed.map((entry) => entry.row);
}
