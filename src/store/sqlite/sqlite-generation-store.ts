import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.js';
import type { GenerationRecord, GenerationStore } from '../store-types.js';
import { generationFromRow, generationToRow } from './sqlite-generation-rows.js';

/** One key's usage on one UTC day, summed over the records of a batch. */
interface DailyUsageDelta {
  apiKeyHash: string;
  day: string;
  totalCost: bigint;
  requests: number;
  tokensPrompt: number;
  tokensCompletion: number;
}

/** Generation records in `generations`, with the `key_daily_usage` rollup kept in step. */
export class SqliteGenerationStore implements GenerationStore {
  constructor(private readonly database: Kysely<Database>) {}

  /**
   * Inserts the batch and its rollup in one transaction. A record whose id is already stored
   * (an earlier batch, or earlier in this one) is skipped and not rolled up again, so a
   * retried flush never double counts.
   */
  async insertGenerations(records: GenerationRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.database.transaction().execute(async (transaction) => {
      const inserted: GenerationRecord[] = [];
      for (const record of records) {
        const rows = await transaction
          .insertInto('generations')
          .values(generationToRow(record))
          .onConflict((conflict) => conflict.column('id').doNothing())
          .returning('id')
          .execute();
        if (rows.length > 0) inserted.push(record);
      }
      for (const delta of sumDailyUsage(inserted)) await upsertDailyUsage(transaction, delta);
    });
  }

  async getGeneration(id: string): Promise<GenerationRecord | undefined> {
    const row = await this.database.selectFrom('generations').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : generationFromRow(row);
  }

  /** Newest first; `before` is an exclusive unix-ms bound for paging back in time. */
  async listGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]> {
    let query = this.database.selectFrom('generations').selectAll();
    if (options.apiKeyHash !== undefined) query = query.where('api_key_hash', '=', options.apiKeyHash);
    if (options.before !== undefined) query = query.where('created_at', '<', options.before);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map(generationFromRow);
  }
}

/** The UTC calendar day (`YYYY-MM-DD`) of a unix-ms time. */
export function utcDayOf(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(0, 10);
}

function sumDailyUsage(records: GenerationRecord[]): DailyUsageDelta[] {
  const deltas = new Map<string, DailyUsageDelta>();
  for (const record of records) {
    const day = utcDayOf(record.createdAt);
    const mapKey = `${record.apiKeyHash}\u0000${day}`;
    const delta = deltas.get(mapKey) ?? {
      apiKeyHash: record.apiKeyHash,
      day,
      totalCost: 0n,
      requests: 0,
      tokensPrompt: 0,
      tokensCompletion: 0,
    };
    delta.totalCost += record.totalCost;
    delta.requests += 1;
    delta.tokensPrompt += record.tokensPrompt;
    delta.tokensCompletion += record.tokensCompletion;
    deltas.set(mapKey, delta);
  }
  return [...deltas.values()];
}

async function upsertDailyUsage(transaction: Transaction<Database>, delta: DailyUsageDelta): Promise<void> {
  await transaction
    .insertInto('key_daily_usage')
    .values({
      api_key_hash: delta.apiKeyHash,
      day: delta.day,
      total_cost: delta.totalCost,
      requests: delta.requests,
      tokens_prompt: delta.tokensPrompt,
      tokens_completion: delta.tokensCompletion,
    })
    .onConflict((conflict) =>
      conflict.columns(['api_key_hash', 'day']).doUpdateSet((expression) => ({
        total_cost: expression('key_daily_usage.total_cost', '+', expression.ref('excluded.total_cost')),
        requests: expression('key_daily_usage.requests', '+', expression.ref('excluded.requests')),
        tokens_prompt: expression('key_daily_usage.tokens_prompt', '+', expression.ref('excluded.tokens_prompt')),
        tokens_completion: expression(
          'key_daily_usage.tokens_completion',
          '+',
          expression.ref('excluded.tokens_completion'),
        ),
      })),
    )
    .execute();
}
