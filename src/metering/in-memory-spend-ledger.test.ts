import { describe, expect, it } from 'vitest';
import type { Picodollars } from '../spec/money.js';
import { InMemorySpendLedger } from './in-memory-spend-ledger.js';
import type { KeySpendBaseline, SpendBaselines } from './spend-baselines.js';
import type { LedgerKey, Reservation } from './spend-ledger.js';

const DOLLAR = 1_000_000_000_000n;
const HOUR = 3_600_000;

/** Baselines from fixed numbers, counting loads. */
function fakeBaselines(initial: { byDay?: Record<string, Picodollars>; total?: Picodollars; credits?: Picodollars; usage?: Picodollars } = {}) {
  const state = { credits: initial.credits ?? 0n, keyLoads: 0, creditReads: 0 };
  const baselines: SpendBaselines = {
    async loadKey(_hash, sinceDay, track: (baseline: KeySpendBaseline) => void) {
      state.keyLoads += 1;
      await Promise.resolve();
      const byDay = new Map(Object.entries(initial.byDay ?? {}).filter(([day]) => day >= sinceDay));
      track({ total: initial.total ?? [...byDay.values()].reduce((a, b) => a + b, 0n), byDay });
    },
    async loadTotalUsage(track) {
      await Promise.resolve();
      track(initial.usage ?? 0n);
    },
    async totalCredits() {
      state.creditReads += 1;
      return state.credits;
    },
  };
  return { baselines, state };
}

function ledgerAt(start: string, baselines: SpendBaselines, ttlMs = HOUR) {
  const clock = { now: Date.parse(start) };
  const ledger = new InMemorySpendLedger({ baselines, now: () => clock.now, reservationTtlMs: ttlMs, creditsRefreshMs: 1_000 });
  return { ledger, clock };
}

const key = (limit: Picodollars | null, limitReset: LedgerKey['limitReset'] = null): LedgerKey => ({ hash: 'k'.repeat(64), limit, limitReset });

async function reserveOk(ledger: InMemorySpendLedger, request: Parameters<InMemorySpendLedger['reserve']>[0]): Promise<Reservation> {
  const result = await ledger.reserve(request);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  return result.reservation;
}

describe('InMemorySpendLedger: key limits', () => {
  it('refuses what the limit cannot cover, counting other requests\' reservations', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', fakeBaselines({ byDay: { '2025-03-13': 6n * DOLLAR } }).baselines);
    const at = clock.now;
    const limited = key(10n * DOLLAR);
    const first = await reserveOk(ledger, { key: limited, amount: 3n * DOLLAR, againstCredits: false, at });
    const refused = await ledger.reserve({ key: limited, amount: 2n * DOLLAR, againstCredits: false, at });
    expect(refused).toEqual({ ok: false, refusal: { source: 'key_limit', available: 1n * DOLLAR, requested: 2n * DOLLAR, budget: 10n * DOLLAR } });
    // Settling below the worst case frees the difference.
    await ledger.settle(limited.hash, first, 1n * DOLLAR, at);
    expect(await ledger.reserved(limited.hash)).toBe(0n);
    await reserveOk(ledger, { key: limited, amount: 3n * DOLLAR, againstCredits: false, at });
    expect((await ledger.reserve({ key: limited, amount: 1n, againstCredits: false, at })).ok).toBe(false);
  });

  it('never lets concurrent requests jointly pass the limit, and loads the key once', async () => {
    const { baselines, state } = fakeBaselines();
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', baselines);
    const limited = key(50n * DOLLAR);
    const results = await Promise.all(Array.from({ length: 200 }, () => ledger.reserve({ key: limited, amount: DOLLAR, againstCredits: false, at: clock.now })));
    expect(results.filter((result) => result.ok)).toHaveLength(50);
    expect(state.keyLoads).toBe(1);
    expect(await ledger.reserved(limited.hash)).toBe(50n * DOLLAR);
  });

  it('settles once: a second settle or a release after it changes nothing', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines);
    const limited = key(5n * DOLLAR);
    const reservation = await reserveOk(ledger, { key: limited, amount: 2n * DOLLAR, againstCredits: false, at: clock.now });
    await ledger.settle(limited.hash, reservation, 2n * DOLLAR, clock.now);
    await ledger.settle(limited.hash, reservation, 2n * DOLLAR, clock.now);
    await ledger.release(reservation);
    await reserveOk(ledger, { key: limited, amount: 3n * DOLLAR, againstCredits: false, at: clock.now });
    expect((await ledger.reserve({ key: limited, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
  });

  it('a daily limit resets at UTC midnight', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T23:59:00Z', fakeBaselines({ byDay: { '2025-03-13': 9n * DOLLAR } }).baselines);
    const daily = key(10n * DOLLAR, 'daily');
    expect((await ledger.reserve({ key: daily, amount: 2n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
    clock.now = Date.parse('2025-03-14T00:00:00Z');
    const reservation = await reserveOk(ledger, { key: daily, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
    await ledger.settle(daily.hash, reservation, 10n * DOLLAR, clock.now);
    expect((await ledger.reserve({ key: daily, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
  });

  it('a weekly limit resets on Monday 00:00 UTC, not on Sunday', async () => {
    // 2025-03-16 is a Sunday; the week began on Monday the 10th.
    const spent = { '2025-03-10': 4n * DOLLAR, '2025-03-16': 4n * DOLLAR };
    const { ledger, clock } = ledgerAt('2025-03-16T12:00:00Z', fakeBaselines({ byDay: spent }).baselines);
    const weekly = key(10n * DOLLAR, 'weekly');
    expect((await ledger.reserve({ key: weekly, amount: 3n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
    clock.now = Date.parse('2025-03-16T23:59:59.999Z');
    expect((await ledger.reserve({ key: weekly, amount: 3n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
    clock.now = Date.parse('2025-03-17T00:00:00Z');
    await reserveOk(ledger, { key: weekly, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
  });

  it('a monthly limit resets on the 1st (UTC), a total limit never does', async () => {
    const spent = { '2025-02-03': 5n * DOLLAR, '2025-02-28': 4n * DOLLAR };
    const { ledger, clock } = ledgerAt('2025-02-28T22:00:00Z', fakeBaselines({ byDay: spent, total: 9n * DOLLAR }).baselines);
    const monthly = key(10n * DOLLAR, 'monthly');
    const total = { ...key(10n * DOLLAR), hash: 't'.repeat(64) };
    expect((await ledger.reserve({ key: monthly, amount: 2n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
    clock.now = Date.parse('2025-03-01T00:00:00Z');
    await reserveOk(ledger, { key: monthly, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
    expect((await ledger.reserve({ key: total, amount: 2n * DOLLAR, againstCredits: false, at: clock.now })).ok).toBe(false);
  });

  it('costs count on the day the request started, as the store rolls them up', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T23:59:59Z', fakeBaselines().baselines);
    const daily = key(10n * DOLLAR, 'daily');
    const startedAt = clock.now;
    const reservation = await reserveOk(ledger, { key: daily, amount: 8n * DOLLAR, againstCredits: false, at: startedAt });
    clock.now = Date.parse('2025-03-14T00:00:05Z');
    await ledger.settle(daily.hash, reservation, 8n * DOLLAR, startedAt);
    await reserveOk(ledger, { key: daily, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
  });
});

describe('InMemorySpendLedger: reservations expire', () => {
  it('frees a reservation never settled once its TTL passed, and still counts a late settle', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines, HOUR);
    const limited = key(10n * DOLLAR);
    const lost = await reserveOk(ledger, { key: limited, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
    expect((await ledger.reserve({ key: limited, amount: 1n, againstCredits: false, at: clock.now })).ok).toBe(false);
    clock.now += HOUR;
    expect(await ledger.reserved(limited.hash)).toBe(0n);
    // The request did finish after all: its cost is never lost.
    await ledger.settle(limited.hash, lost, 4n * DOLLAR, clock.now);
    const refused = await ledger.reserve({ key: limited, amount: 7n * DOLLAR, againstCredits: false, at: clock.now });
    expect(refused.ok).toBe(false);
  });

  it('a clock jumping back by more than the TTL does not hold a reservation forever', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', fakeBaselines().baselines, HOUR);
    const limited = key(10n * DOLLAR);
    await reserveOk(ledger, { key: limited, amount: 10n * DOLLAR, againstCredits: false, at: clock.now });
    clock.now -= 2 * HOUR;
    expect(await ledger.reserved(limited.hash)).toBe(0n);
  });
});

describe('InMemorySpendLedger: credits', () => {
  it('holds paid requests against the balance and re-reads it before refusing (a CLI top-up)', async () => {
    const { baselines, state } = fakeBaselines({ credits: 5n * DOLLAR, usage: 4n * DOLLAR });
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', baselines);
    const open = key(null);
    await reserveOk(ledger, { key: open, amount: DOLLAR / 2n, againstCredits: true, at: clock.now });
    const refused = await ledger.reserve({ key: open, amount: DOLLAR, againstCredits: true, at: clock.now });
    expect(refused).toEqual({ ok: false, refusal: { source: 'credits', available: DOLLAR / 2n, requested: DOLLAR, budget: 5n * DOLLAR } });
    state.credits = 20n * DOLLAR;
    // Within the refresh interval the balance is not re-read…
    expect((await ledger.reserve({ key: open, amount: DOLLAR, againstCredits: true, at: clock.now })).ok).toBe(false);
    clock.now += 1_000;
    // …after it, a refusal re-reads it first.
    await reserveOk(ledger, { key: open, amount: DOLLAR, againstCredits: true, at: clock.now });
    state.credits = 30n * DOLLAR;
    await ledger.creditsChanged();
    await reserveOk(ledger, { key: open, amount: 20n * DOLLAR, againstCredits: true, at: clock.now });
    expect(await ledger.reservedAgainstCredits()).toBe(21n * DOLLAR + DOLLAR / 2n);
  });

  it('settled usage of every key draws the balance down', async () => {
    const { ledger, clock } = ledgerAt('2025-03-13T09:30:00Z', fakeBaselines({ credits: 3n * DOLLAR }).baselines);
    const alice = key(null);
    const bob = { ...key(null), hash: 'b'.repeat(64) };
    const reservation = await reserveOk(ledger, { key: alice, amount: 2n * DOLLAR, againstCredits: true, at: clock.now });
    await ledger.settle(alice.hash, reservation, 2n * DOLLAR, clock.now);
    await ledger.settle(bob.hash, null, DOLLAR / 2n, clock.now);
    const refused = await ledger.reserve({ key: bob, amount: DOLLAR, againstCredits: true, at: clock.now });
    expect(refused.ok ? null : refused.refusal.available).toBe(DOLLAR / 2n);
  });
});
