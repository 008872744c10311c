import { parseUsdAmount } from '../metering/usd-amount.js';
import { picodollarsToUsdString } from '../spec/money.js';
import { openConfiguredStore } from './keys-command.js';

/**
 * `switchboard credits add USD [--note TEXT]`: appends a top-up to the credit ledger of the
 * configured store. A running gateway re-reads the balance before refusing a request for it.
 */
export async function addCreditsCommand(options: { amount: string; note?: string; config?: string }): Promise<void> {
  const parsed = parseUsdAmount(options.amount, 'USD', { positive: true });
  if (!parsed.ok) throw new Error(`credits add: ${parsed.message}`);
  const store = await openConfiguredStore(options.config);
  try {
    await store.credits.addCredits(parsed.amount, Date.now(), options.note ?? null);
    const [total, used] = await Promise.all([store.credits.totalCredits(), store.usage.totalUsage()]);
    process.stdout.write(`added $${picodollarsToUsdString(parsed.amount)}; total credits $${picodollarsToUsdString(total)}, used $${picodollarsToUsdString(used)}\n`);
  } finally {
    await store.close();
  }
}
