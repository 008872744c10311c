import type { Picodollars } from '../spec/money.js';
import type { Store } from '../store/store-types.js';
import type { GenerationWriter } from './generation-writer.js';

export interface CreditBalance {
  totalCredits: Picodollars;
  /** Every generation's cost, unflushed records included. */
  totalUsage: Picodollars;
}

/** The org's credits bought and used, as `GET /credits` reports them. */
export async function readCreditBalance(store: Store, writer: GenerationWriter): Promise<CreditBalance> {
  const [totalCredits, totalUsage] = await Promise.all([
    store.credits.totalCredits(),
    writer.readWithPending(
      () => store.usage.totalUsage(),
      (stored, pendingRecords) => {
        let total = stored;
        for (const record of pendingRecords()) total += record.totalCost;
        return total;
      },
    ),
  ]);
  return { totalCredits, totalUsage };
}
