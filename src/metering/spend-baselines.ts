import type { Picodollars } from '../spec/money.js';
import type { Store } from '../store/store-types.js';
import type { GenerationWriter } from './generation-writer.js';
import { utcDayString } from './usage-periods.js';

/** A key's settled spend: all time, and per UTC day from the day the ledger asked for. */
export interface KeySpendBaseline {
  total: Picodollars;
  byDay: Map<string, Picodollars>;
}

/**
 * Where the ledger's budgets start from. Each load calls `track` synchronously at the moment
 * its snapshot is taken: every cost settled before is in the snapshot, every cost settled after
 * must be added by the ledger, so nothing is missed or counted twice.
 */
export interface SpendBaselines {
  loadKey(apiKeyHash: string, sinceDay: string, track: (baseline: KeySpendBaseline) => void): Promise<void>;
  loadTotalUsage(track: (total: Picodollars) => void): Promise<void>;
  totalCredits(): Promise<Picodollars>;
}

/** Baselines from the store's rollups plus the records the writer has not flushed yet. */
export class StoreSpendBaselines implements SpendBaselines {
  constructor(
    private readonly store: Store,
    private readonly writer: GenerationWriter,
  ) {}

  loadKey(apiKeyHash: string, sinceDay: string, track: (baseline: KeySpendBaseline) => void): Promise<void> {
    return this.writer.readWithPending(
      () => this.store.usage.keyDailyCosts(apiKeyHash, sinceDay),
      (stored, _all, pendingOfKey) => {
        const byDay = new Map(stored.days.map((entry) => [entry.day, entry.cost]));
        let total = stored.total;
        for (const record of pendingOfKey(apiKeyHash)) {
          total += record.totalCost;
          const day = utcDayString(record.createdAt);
          if (day >= sinceDay) byDay.set(day, (byDay.get(day) ?? 0n) + record.totalCost);
        }
        track({ total, byDay });
      },
    );
  }

  loadTotalUsage(track: (total: Picodollars) => void): Promise<void> {
    return this.writer.readWithPending(
      () => this.store.usage.totalUsage(),
      (stored, pendingRecords) => {
        let total = stored;
        for (const record of pendingRecords()) total += record.totalCost;
        track(total);
      },
    );
  }

  totalCredits(): Promise<Picodollars> {
    return this.store.credits.totalCredits();
  }
}
