import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Picodollars } from '../../spec/money.js';
import type { KeyUsage, UsageStore } from '../store-types.js';
import { readPicodollars } from './sqlite-column-values.js';

/** Spend read from the `key_daily_usage` rollup, never by scanning generations. */
export class SqliteUsageStore implements UsageStore {
  constructor(private readonly database: Kysely<Database>) {}

  /** Total spend, and spend on or after each given UTC day (`YYYY-MM-DD` compares as text). */
  async keyUsage(apiKeyHash: string, since: { day: string; week: string; month: string }): Promise<KeyUsage> {
    const row = await this.database
      .selectFrom('key_daily_usage')
      .where('api_key_hash', '=', apiKeyHash)
      .select((expression) => {
        const costSince = (day: string) =>
          expression.fn.sum(
            expression.case().when('day', '>=', day).then(expression.ref('total_cost')).else(expression.lit(0)).end(),
          );
        return [
          expression.fn.sum('total_cost').as('total'),
          costSince(since.day).as('daily'),
          costSince(since.week).as('weekly'),
          costSince(since.month).as('monthly'),
        ];
      })
      .executeTakeFirstOrThrow();
    return {
      total: readPicodollars(row.total, 'sum(total_cost)'),
      daily: readPicodollars(row.daily, 'sum(daily cost)'),
      weekly: readPicodollars(row.weekly, 'sum(weekly cost)'),
      monthly: readPicodollars(row.monthly, 'sum(monthly cost)'),
    };
  }

  async totalUsage(): Promise<Picodollars> {
    const row = await this.database
      .selectFrom('key_daily_usage')
      .select((expression) => expression.fn.sum('total_cost').as('total'))
      .executeTakeFirstOrThrow();
    return readPicodollars(row.total, 'sum(total_cost)');
  }
}
