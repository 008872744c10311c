import type { Picodollars } from '../spec/money.js';
import type { LimitReset } from '../store/store-types.js';
import type { KeySpendBaseline, SpendBaselines } from './spend-baselines.js';
import type { Reservation, ReservationRequest, ReservationResult, SpendLedger } from './spend-ledger.js';
import { usagePeriodStarts, utcDayString } from './usage-periods.js';

export interface InMemorySpendLedgerOptions {
  baselines: SpendBaselines;
  now: () => number;
  /** A reservation not settled or released within this time is dropped (a lost request never holds money forever). */
  reservationTtlMs: number;
  /** A refusal for lack of credits first re-reads the balance, at most this often (top-ups by the CLI). */
  creditsRefreshMs?: number;
}

interface KeyAccount {
  total: Picodollars;
  byDay: Map<string, Picodollars>;
  reserved: Picodollars;
}

interface OrgAccount {
  usage: Picodollars;
  credits: Picodollars;
  reserved: Picodollars;
  creditsReadAt: number;
}

class Hold implements Reservation {
  state: 'held' | 'settled' | 'released' | 'expired' = 'held';
  constructor(
    readonly keyHash: string,
    readonly amount: Picodollars,
    readonly againstCredits: boolean,
    readonly account: KeyAccount | undefined,
    readonly createdAt: number,
  ) {}
}

/**
 * The single-process SpendLedger. Budgets load once from the store (plus unflushed records) and
 * are then kept in memory: settled costs per key per UTC day (so daily, weekly and monthly
 * limits reset by themselves at UTC midnight) and the org's usage and credits. Check-and-hold
 * runs synchronously after the loads, so concurrent requests can never jointly pass a limit.
 */
export class InMemorySpendLedger implements SpendLedger {
  private readonly baselines: SpendBaselines;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly creditsRefreshMs: number;
  private readonly accounts = new Map<string, KeyAccount>();
  private readonly loadingKeys = new Map<string, Promise<void>>();
  private org: OrgAccount | undefined;
  private loadingOrg: Promise<void> | undefined;
  /** Every live hold, oldest first: with one TTL, insertion order is expiry order. */
  private readonly holds = new Set<Hold>();
  private creditsReads = 0;

  constructor(options: InMemorySpendLedgerOptions) {
    this.baselines = options.baselines;
    this.now = options.now;
    this.ttlMs = options.reservationTtlMs;
    this.creditsRefreshMs = options.creditsRefreshMs ?? 1_000;
  }

  async reserve(request: ReservationRequest): Promise<ReservationResult> {
    if (request.key.limit !== null && !this.accounts.has(request.key.hash)) await this.loadKey(request.key.hash, request.at);
    if (request.againstCredits && this.org === undefined) await this.loadOrg();
    let result = this.tryReserve(request);
    if (!result.ok && result.refusal.source === 'credits' && this.now() - (this.org?.creditsReadAt ?? 0) >= this.creditsRefreshMs) {
      await this.refreshCredits();
      result = this.tryReserve(request);
    }
    return result;
  }

  settle(keyHash: string, reservation: Reservation | null, actual: Picodollars, at: number): Promise<void> {
    this.settleNow(keyHash, reservation, actual, at);
    return DONE;
  }

  release(reservation: Reservation): Promise<void> {
    const hold = reservation as Hold;
    if (hold.state === 'held') this.free(hold, 'released');
    else if (hold.state === 'expired') hold.state = 'released';
    return DONE;
  }

  private settleNow(keyHash: string, reservation: Reservation | null, actual: Picodollars, at: number): void {
    if (reservation !== null) {
      const hold = reservation as Hold;
      if (hold.state === 'settled' || hold.state === 'released') return;
      this.free(hold, 'settled');
    }
    const account = this.accounts.get(keyHash);
    if (account !== undefined) {
      account.total += actual;
      const day = dayString(at);
      account.byDay.set(day, (account.byDay.get(day) ?? 0n) + actual);
      if (account.byDay.size > MAX_TRACKED_DAYS) pruneDays(account, at);
    }
    if (this.org !== undefined) this.org.usage += actual;
  }

  async creditsChanged(): Promise<void> {
    if (this.org !== undefined) await this.refreshCredits();
  }

  reserved(keyHash: string): Promise<Picodollars> {
    this.sweep();
    return Promise.resolve(this.accounts.get(keyHash)?.reserved ?? 0n);
  }

  reservedAgainstCredits(): Promise<Picodollars> {
    this.sweep();
    return Promise.resolve(this.org?.reserved ?? 0n);
  }

  private tryReserve(request: ReservationRequest): ReservationResult {
    this.sweep();
    const { key, amount, at } = request;
    const account = this.accounts.get(key.hash);
    if (key.limit !== null && account !== undefined) {
      const available = key.limit - usedAgainstLimit(account, key.limitReset, at) - account.reserved;
      if (amount > available || available < 0n) {
        return { ok: false, refusal: { source: 'key_limit', available: positive(available), requested: amount, budget: key.limit } };
      }
    }
    if (request.againstCredits && this.org !== undefined) {
      const available = this.org.credits - this.org.usage - this.org.reserved;
      if (amount > available || available < 0n) {
        return { ok: false, refusal: { source: 'credits', available: positive(available), requested: amount, budget: this.org.credits } };
      }
    }
    const hold = new Hold(key.hash, amount, request.againstCredits, account, this.now());
    if (account !== undefined) account.reserved += amount;
    if (request.againstCredits && this.org !== undefined) this.org.reserved += amount;
    this.holds.add(hold);
    return { ok: true, reservation: hold };
  }

  private free(hold: Hold, state: 'settled' | 'released' | 'expired'): void {
    if (hold.state === 'held') {
      if (hold.account !== undefined) hold.account.reserved -= hold.amount;
      if (hold.againstCredits && this.org !== undefined) this.org.reserved -= hold.amount;
      this.holds.delete(hold);
    }
    hold.state = state;
  }

  /** Drops expired holds; a clock that jumped back more than a TTL expires them too. */
  private sweep(): void {
    const now = this.now();
    for (const hold of this.holds) {
      const expired = now - hold.createdAt >= this.ttlMs || hold.createdAt - now >= this.ttlMs;
      if (!expired) break;
      this.free(hold, 'expired');
    }
  }

  private loadKey(hash: string, at: number): Promise<void> {
    let loading = this.loadingKeys.get(hash);
    if (loading === undefined) {
      const starts = usagePeriodStarts(at);
      const sinceDay = starts.week < starts.month ? starts.week : starts.month;
      loading = this.baselines
        .loadKey(hash, sinceDay, (baseline: KeySpendBaseline) => {
          if (!this.accounts.has(hash)) this.accounts.set(hash, { total: baseline.total, byDay: baseline.byDay, reserved: 0n });
        })
        .finally(() => this.loadingKeys.delete(hash));
      this.loadingKeys.set(hash, loading);
    }
    return loading;
  }

  private loadOrg(): Promise<void> {
    this.loadingOrg ??= (async () => {
      const read = this.creditsReads;
      const credits = await this.baselines.totalCredits();
      await this.baselines.loadTotalUsage((usage) => {
        this.org ??= { usage, credits, reserved: 0n, creditsReadAt: this.now() };
      });
      if (this.creditsReads !== read) await this.refreshCredits();
    })().finally(() => {
      this.loadingOrg = undefined;
    });
    return this.loadingOrg;
  }

  /** Re-reads the balance; of overlapping reads, the last one started wins. */
  private async refreshCredits(): Promise<void> {
    this.creditsReads += 1;
    const read = this.creditsReads;
    const credits = await this.baselines.totalCredits();
    if (this.org !== undefined && read === this.creditsReads) {
      this.org.credits = credits;
      this.org.creditsReadAt = this.now();
    }
  }
}

/** Settle and release apply synchronously: one shared resolved promise, no allocation per call. */
const DONE: Promise<void> = Promise.resolve();

const DAY_MS = 86_400_000;
/** Period starts change once a UTC day: computed then, not per request (date strings cost µs). */
let startsMemo: { day: number; starts: ReturnType<typeof usagePeriodStarts> } | undefined;

function limitStart(reset: LimitReset, at: number): string {
  const day = Math.floor(at / DAY_MS);
  if (startsMemo?.day !== day) startsMemo = { day, starts: usagePeriodStarts(at) };
  return reset === 'daily' ? startsMemo.starts.day : reset === 'weekly' ? startsMemo.starts.week : startsMemo.starts.month;
}

let dayMemo: { day: number; text: string } | undefined;

/** The UTC day of `at` as `YYYY-MM-DD`, formatted once per day. */
function dayString(at: number): string {
  const day = Math.floor(at / DAY_MS);
  if (dayMemo?.day !== day) dayMemo = { day, text: utcDayString(at) };
  return dayMemo.text;
}

function usedAgainstLimit(account: KeyAccount, reset: LimitReset | null, at: number): Picodollars {
  if (reset === null) return account.total;
  const since = limitStart(reset, at);
  let used = 0n;
  for (const [day, cost] of account.byDay) if (day >= since) used += cost;
  return used;
}

/** A month and a week back is all any limit period reaches. */
const MAX_TRACKED_DAYS = 40;

function pruneDays(account: KeyAccount, at: number): void {
  const starts = usagePeriodStarts(at);
  const oldest = starts.week < starts.month ? starts.week : starts.month;
  for (const day of account.byDay.keys()) if (day < oldest) account.byDay.delete(day);
}

function positive(amount: Picodollars): Picodollars {
  return amount > 0n ? amount : 0n;
}
