import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import type { Picodollars } from '../../spec/money.js';
import type { CreditStore } from '../store-types.js';
import { readPicodollars } from './column-values.js';

/** Credits as an append-only `credit_ledger`, so the balance history is never rewritten. */
export class PortableCreditStore implements CreditStore {
  constructor(private readonly database: Kysely<Database>) {}

  async addCredits(amount: Picodollars, at: number, note: string | null): Promise<void> {
    await this.database.insertInto('credit_ledger').values({ amount, at, note }).execute();
  }

  async totalCredits(): Promise<Picodollars> {
    const row = await this.database
      .selectFrom('credit_ledger')
      .select((expression) => expression.fn.sum('amount').as('total'))
      .executeTakeFirstOrThrow();
    return readPicodollars(row.total, 'sum(credit_ledger.amount)');
  }
}
