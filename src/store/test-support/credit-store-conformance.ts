import { describe, expect, it } from 'vitest';
import type { Store } from '../store-types.js';

/** CreditStore behaviour: an exact ledger sum. */
export function describeCreditStoreConformance(store: () => Store): void {
  describe('credits', () => {
    it('starts at zero', async () => {
      expect(await store().credits.totalCredits()).toBe(0n);
    });

    it('sums grants and corrections exactly, with or without a note', async () => {
      await store().credits.addCredits(50_000_000_000_000n, Date.UTC(2025, 2, 1), 'Initial top-up');
      await store().credits.addCredits(2n ** 53n + 1n, Date.UTC(2025, 2, 2), null);
      await store().credits.addCredits(-1_000_000_000_000n, Date.UTC(2025, 2, 3), 'Correction: duplicate invoice');
      expect(await store().credits.totalCredits()).toBe(9_056_199_254_740_993n);
    });
  });
}
