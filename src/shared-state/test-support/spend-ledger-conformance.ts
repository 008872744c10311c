import { afterEach, describe, expect, it } from 'vitest';
import type { KeySpendBaseline, SpendBaselines } from '../../metering/spend-baselines.js';
import type { LedgerKey, Reservation, ReservationRequest, SpendLedger } from '../../metering/spend-ledger.js';
import type { Picodollars } from '../../spec/money.js';

export const DOLLAR = 1_000_000_000_000n;
const HOUR = 3_600_000;

export interface FakeBaselineState {
  byDay: Record<string, Picodollars>;
  total?: Picodollars;
  credits: Picodollars;
  usage: Picodollars;
}

/** Baselines from fixed numbers (the store's view), changeable by the test. */
export function fakeBaselines(initial: Partial<FakeBaselineState> = {}): { baselines: SpendBaselines; state: FakeBaselineState } {
  const state: FakeBaselineState = { byDay: initial.byDay ?? {}, credits: initial.credits ?? 0n, usage: initial.usage ?? 0n, ...(initial.total !== undefined ? { total: initial.total } : {}) };
  const baselines: SpendBaselines = {
    async loadKey(_hash, sinceDay, track: (baseline: KeySpendBaseline) => void) {
      await Promise.resolve();
      const byDay = new Map(Object.entries(state.byDay).filter(([day]) => day >= sinceDay));
      track({ total: state.total ?? Object.values(state.byDay).reduce((a, b) => a + b, 0n), byDay });
    },
    async loadTotalUsage(track) {
      await Promise.resolve();
      track(state.usage);
    },
    async totalCredits() {
      await Promise.resolve();
      return state.credits;
    },
  };
  return { baselines, state };
}

export interface LedgerUnderTest {
  ledger: SpendLedger;
  cleanup?: () => Promise<void>;
}

/** Builds a ledger over these baselines with this clock and reservation TTL. */
export type LedgerFactory = (baselines: SpendBaselines, now: () => number, ttlMs: number) => Promise<LedgerUnderTest>;

let counter = 0;
export const limitedKey = (limit: Picodollars | null, limitReset: LedgerKey['limitReset'] = null): LedgerKey => {
  counter += 1;
  return { hash: `${'k'.repeat(60)}${String(counter).padStart(4, '0')}`, limit, limitReset };
};

export async function reserveOk(ledger: SpendLedger, request: ReservationRequest): Promise<Reservation> {
  const result = await ledger.reserve(request);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return result.reservation;
}

/** One behaviour, every SpendLedger: the in-memory one and the Redis one run the same cases. */
export function spendLedgerConformance(name: string, factory: LedgerFactory, skip = false): void {
  describe.skipIf(skip)(`SpendLedger conformance: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    async function ledgerAt(start: string, baselines: SpendBaselines, ttlMs = HOUR) {
      const clock = { now: Date.parse(start) };
      const { ledger, cleanup } = await factory(baselines, () => clock.now, ttlMs);
      if (cleanup) cleanups.push(cleanup);
      return { ledger, clock };
    }

    it('refuses what the limit cannot cover, counting stored usage and other requests\' holds', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines({ byDay: { '2025-03-13': 6n * DOLLAR } }).baselines);
      const at = clock.now;
      const key = limitedKey(10n * DOLLAR);
      const first = await reserveOk(ledger, { key, amount: 3n * DOLLAR, againstCredits: false, at });
      expect(await ledger.reserve({ key, amount: 2n * DOLLAR, againstCredits: false, at })).toEqual({
        ok: false, refusal: { source: 'key_limit', available: 1n * DOLLAR, requested: 2n * DOLLAR, budget: 10n * DOLLAR },
      });
      await ledger.settle(key.hash, first, 1n * DOLLAR, at);
      expect(await ledger.reserved(key.hash)).toBe(0n);
      await reserveOk(ledger, { key, amount: 3n * DOLLAR, againstCredits: false, at });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at })).ok).toBe(false);
    });

    it('settles exactly once; a release after settling changes nothing', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines);
      const key = limitedKey(5n * DOLLAR);
      const reservation = await reserveOk(ledger, { key, amount: 4n * DOLLAR, againstCredits: false, at: clock.now });
      await ledger.settle(key.hash, reservation, 2n * DOLLAR, clock.now);
      await ledger.settle(key.hash, reservation, 2n * DOLLAR, clock.now);
      await ledger.release(reservation);
      expect(await ledger.reserved(key.hash)).toBe(0n);
      await reserveOk(ledger, { key, amount: 3n * DOLLAR, againstCredits: false, at: clock.now });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
    });

    it('a release frees the whole hold without cost', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines);
      const key = limitedKey(5n * DOLLAR);
      const reservation = await reserveOk(ledger, { key, amount: 5n * DOLLAR, againstCredits: false, at: clock.now });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
      await ledger.release(reservation);
      await ledger.release(reservation);
      expect(await ledger.reserved(key.hash)).toBe(0n);
      await reserveOk(ledger, { key, amount: 5n * DOLLAR, againstCredits: false, at: clock.now });
    });

    it('holds expire (a lost request holds nothing forever); its late settlement still counts', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines, 60_000);
      const key = limitedKey(10n * DOLLAR);
      const lost = await reserveOk(ledger, { key, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
      clock.now += 60_000;
      expect(await ledger.reserved(key.hash)).toBe(0n);
      await ledger.settle(key.hash, lost, 4n * DOLLAR, clock.now);
      expect(await ledger.reserved(key.hash)).toBe(0n);
      await reserveOk(ledger, { key, amount: 6n * DOLLAR, againstCredits: false, at: clock.now });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
    });

    it('a clock that jumps back by more than a TTL expires the holds made before the jump', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines, 60_000);
      const key = limitedKey(10n * DOLLAR);
      await reserveOk(ledger, { key, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
      clock.now -= 30_000;
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
      clock.now -= 31_000;
      await reserveOk(ledger, { key, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
    });

    it('a daily limit resets at UTC midnight; a monthly one counts the whole month', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T23:59:00Z', fakeBaselines({ byDay: { '2025-03-13': 9n * DOLLAR, '2025-03-02': 5n * DOLLAR } }).baselines);
      const daily = limitedKey(10n * DOLLAR, 'daily');
      const monthly = limitedKey(20n * DOLLAR, 'monthly');
      expect((await ledger.reserve({ key: daily, amount: 2n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
      const held = await reserveOk(ledger, { key: monthly, amount: 6n * DOLLAR, againstCredits: false, at: clock.now });
      expect(await ledger.reserve({ key: monthly, amount: 1n * DOLLAR, againstCredits: false, at: clock.now })).toMatchObject({ ok: false, refusal: { available: 0n } });
      await ledger.release(held);
      clock.now = Date.parse('2025-03-14T00:00:30Z');
      const fresh = await reserveOk(ledger, { key: daily, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
      await ledger.settle(daily.hash, fresh, 10n * DOLLAR, clock.now);
      expect((await ledger.reserve({ key: daily, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
      clock.now = Date.parse('2025-04-01T00:00:01Z');
      await reserveOk(ledger, { key: monthly, amount: 20n * DOLLAR, againstCredits: false, at: clock.now });
    });

    it('credits: paid requests need the balance; a top-up is seen after creditsChanged; every key\'s cost counts', async () => {
      const { baselines, state } = fakeBaselines({ credits: 10n * DOLLAR, usage: 7n * DOLLAR });
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', baselines);
      const alice = limitedKey(null);
      const bob = limitedKey(null);
      const held = await reserveOk(ledger, { key: alice, amount: 2n * DOLLAR, againstCredits: true, at: clock.now });
      expect(await ledger.reservedAgainstCredits()).toBe(2n * DOLLAR);
      expect(await ledger.reserve({ key: bob, amount: 2n * DOLLAR, againstCredits: true, at: clock.now })).toEqual({
        ok: false, refusal: { source: 'credits', available: 1n * DOLLAR, requested: 2n * DOLLAR, budget: 10n * DOLLAR },
      });
      await ledger.settle(alice.hash, held, DOLLAR / 2n, clock.now);
      await ledger.settle(bob.hash, null, DOLLAR / 2n, clock.now);
      state.credits = 20n * DOLLAR;
      await ledger.creditsChanged();
      await reserveOk(ledger, { key: bob, amount: 12n * DOLLAR, againstCredits: true, at: clock.now });
      expect((await ledger.reserve({ key: alice, amount: 1n, againstCredits: true, at: clock.now })).ok).toBe(false);
    });

    it('a zero-amount request (a free model) is admitted whatever the budgets say', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines({ byDay: { '2025-03-13': 10n * DOLLAR } }).baselines);
      const key = limitedKey(10n * DOLLAR);
      const reservation = await reserveOk(ledger, { key, amount: 0n, againstCredits: false, at: clock.now });
      await ledger.settle(key.hash, reservation, 0n, clock.now);
      expect(await ledger.reserved(key.hash)).toBe(0n);
    });

    it('amounts beyond 2^53 picodollars stay exact', async () => {
      const { ledger, clock } = await ledgerAt('2025-03-13T09:30:00Z', fakeBaselines({ byDay: { '2025-03-13': 123_456n * DOLLAR + 7n } }).baselines);
      const key = limitedKey(200_000n * DOLLAR);
      const remaining = 200_000n * DOLLAR - (123_456n * DOLLAR + 7n);
      expect(await ledger.reserve({ key, amount: remaining + 1n, againstCredits: false, at: clock.now })).toMatchObject({ ok: false, refusal: { available: remaining } });
      const held = await reserveOk(ledger, { key, amount: remaining, againstCredits: false, at: clock.now });
      await ledger.settle(key.hash, held, remaining - 1n, clock.now);
      await reserveOk(ledger, { key, amount: 1n, againstCredits: false, at: clock.now });
      expect((await ledger.reserve({ key, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
    });
  });
}
