import { describe, expect, it } from 'vitest';
import type { Store } from '../store-types.js';
import { hashOfPlaintext, makeKey } from './store-fixtures.js';

const DAY = 86_400_000;

/** KeyStore behaviour: round trips, filters, ordering, patch semantics, deletion, counts. */
export function describeKeyStoreConformance(store: () => Store): void {
  describe('keys', () => {
    const active = makeKey({ hash: hashOfPlaintext('active'), name: 'active', createdAt: Date.UTC(2025, 0, 3) });
    const disabled = makeKey({ hash: hashOfPlaintext('disabled'), name: 'disabled', disabled: true, createdAt: Date.UTC(2025, 0, 1) });
    const manager = makeKey({ hash: hashOfPlaintext('manager'), name: 'manager', isManagement: true, createdAt: Date.UTC(2025, 0, 4) });
    const disabledManager = makeKey({
      hash: hashOfPlaintext('disabled manager'),
      name: 'disabled manager',
      isManagement: true,
      disabled: true,
      createdAt: Date.UTC(2025, 0, 2),
    });
    const later = makeKey({ hash: hashOfPlaintext('later'), name: 'later', createdAt: Date.UTC(2025, 0, 5) });
    const all = [later, active, manager, disabled, disabledManager];
    const insertAll = async () => {
      for (const key of all) await store().keys.insertKey(key);
    };
    const names = (keys: { name: string }[]) => keys.map((key) => key.name);

    it('round-trips a key with every field set', async () => {
      const key = makeKey();
      await store().keys.insertKey(key);
      expect(await store().keys.getKey(key.hash)).toStrictEqual(key);
    });

    it('round-trips a management key without limit, reset or expiry', async () => {
      const key = makeKey({ isManagement: true, limit: null, limitReset: null, expiresAt: null, disabled: true });
      await store().keys.insertKey(key);
      expect(await store().keys.getKey(key.hash)).toStrictEqual(key);
    });

    it('returns undefined for an unknown hash', async () => {
      await store().keys.insertKey(makeKey());
      expect(await store().keys.getKey(hashOfPlaintext('nobody'))).toBeUndefined();
    });

    it('refuses a second key with the same hash', async () => {
      await store().keys.insertKey(makeKey());
      await expect(store().keys.insertKey(makeKey({ name: 'impostor' }))).rejects.toThrow();
      expect((await store().keys.getKey(makeKey().hash))?.name).toBe('Production backend');
    });

    it('lists keys oldest first, honouring the disabled and management filters', async () => {
      await insertAll();
      const list = (includeDisabled: boolean, includeManagement: boolean) =>
        store().keys.listKeys({ includeDisabled, includeManagement, offset: 0, limit: 100 }).then(names);
      expect(await list(false, false)).toEqual(['active', 'later']);
      expect(await list(true, false)).toEqual(['disabled', 'active', 'later']);
      expect(await list(false, true)).toEqual(['active', 'manager', 'later']);
      expect(await list(true, true)).toEqual(['disabled', 'disabled manager', 'active', 'manager', 'later']);
    });

    it('pages with offset and limit over the ordered list', async () => {
      await insertAll();
      const page = (offset: number, limit: number) =>
        store().keys.listKeys({ includeDisabled: true, includeManagement: true, offset, limit }).then(names);
      expect(await page(0, 2)).toEqual(['disabled', 'disabled manager']);
      expect(await page(2, 2)).toEqual(['active', 'manager']);
      expect(await page(4, 2)).toEqual(['later']);
      expect(await page(5, 2)).toEqual([]);
    });

    it('updates only the fields a patch names, and stamps updatedAt', async () => {
      const key = makeKey();
      await store().keys.insertKey(key);
      const updatedAt = key.createdAt + DAY;
      const expected = { ...key, name: 'Renamed backend', updatedAt };
      expect(await store().keys.updateKey(key.hash, { name: 'Renamed backend' }, updatedAt)).toStrictEqual(expected);
      expect(await store().keys.getKey(key.hash)).toStrictEqual(expected);
    });

    it('sets every patchable field at once', async () => {
      const key = makeKey({ limit: null, limitReset: null, expiresAt: null });
      await store().keys.insertKey(key);
      const patch = { name: 'Batch jobs', disabled: true, limit: 7_500_000_000_000n, limitReset: 'monthly' as const, expiresAt: Date.UTC(2026, 5, 30) };
      const updated = await store().keys.updateKey(key.hash, patch, key.createdAt + DAY);
      expect(updated).toStrictEqual({ ...key, ...patch, updatedAt: key.createdAt + DAY });
    });

    it('clears nullable fields patched to null and leaves absent ones alone', async () => {
      const key = makeKey();
      await store().keys.insertKey(key);
      const updated = await store().keys.updateKey(key.hash, { limit: null, limitReset: null, name: undefined }, key.createdAt + DAY);
      expect(updated).toStrictEqual({ ...key, limit: null, limitReset: null, updatedAt: key.createdAt + DAY });
      const cleared = await store().keys.updateKey(key.hash, { expiresAt: null }, key.createdAt + 2 * DAY);
      expect(cleared?.expiresAt).toBeNull();
      expect(cleared?.name).toBe(key.name);
    });

    it('returns undefined when updating an unknown key, creating nothing', async () => {
      const hash = hashOfPlaintext('ghost');
      expect(await store().keys.updateKey(hash, { name: 'ghost' }, Date.UTC(2025, 2, 1))).toBeUndefined();
      expect(await store().keys.getKey(hash)).toBeUndefined();
    });

    it('deletes a key once and leaves the others', async () => {
      await insertAll();
      expect(await store().keys.deleteKey(active.hash)).toBe(true);
      expect(await store().keys.deleteKey(active.hash)).toBe(false);
      expect(await store().keys.getKey(active.hash)).toBeUndefined();
      expect(await store().keys.getKey(later.hash)).toStrictEqual(later);
    });

    it('counts management keys, disabled ones included', async () => {
      expect(await store().keys.countManagementKeys()).toBe(0);
      await insertAll();
      expect(await store().keys.countManagementKeys()).toBe(2);
      await store().keys.deleteKey(manager.hash);
      expect(await store().keys.countManagementKeys()).toBe(1);
    });

    it('keeps a limit above 2^53 picodollars exact', async () => {
      // $9,007.199254740993: one picodollar past the last integer a double holds exactly.
      const limit = 2n ** 53n + 1n;
      const key = makeKey({ limit });
      await store().keys.insertKey(key);
      expect((await store().keys.getKey(key.hash))?.limit).toBe(limit);
      const raised = await store().keys.updateKey(key.hash, { limit: limit * 1000n + 7n }, key.updatedAt);
      expect(raised?.limit).toBe(9_007_199_254_740_993_007n);
    });
  });
}
