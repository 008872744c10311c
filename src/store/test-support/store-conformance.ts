import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../store-types.js';
import { describeCreditStoreConformance } from './credit-store-conformance.js';
import { describeGenerationStoreConformance } from './generation-store-conformance.js';
import { describeKeyStoreConformance } from './key-store-conformance.js';
import { describeRollupStoreConformance } from './rollup-store-conformance.js';
import { describeUsageStoreConformance } from './usage-store-conformance.js';

/**
 * The one behavioural suite every store backend runs, so SQLite and PostgreSQL cannot drift.
 * Each test gets a fresh, empty store from `createStore` and closes it afterwards.
 */
export function describeStoreConformance(name: string, createStore: () => Promise<Store>): void {
  describe(`store conformance: ${name}`, () => {
    let current: Store | undefined;
    beforeEach(async () => {
      current = await createStore();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const store = (): Store => {
      if (current === undefined) throw new Error('The store is only open inside a test');
      return current;
    };
    describeKeyStoreConformance(store);
    describeGenerationStoreConformance(store);
    describeUsageStoreConformance(store);
    describeCreditStoreConformance(store);
    describeRollupStoreConformance(store);
  });
}
