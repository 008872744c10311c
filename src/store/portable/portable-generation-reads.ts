import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { GenerationRecord } from '../store-types.js';
import { generationFromRow } from './generation-rows.js';

/**
 * The generation store's reads, written with the portable query builder only; each backend
 * adds its own batched write (SQLite: prepared statements; PostgreSQL: multi-row statements).
 */
export abstract class PortableGenerationReads {
  constructor(protected readonly database: Kysely<Database>) {}

  abstract insertGenerations(records: GenerationRecord[]): Promise<void>;

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
