import { randomUUID } from 'node:crypto';
import type { KeySpendBaseline, SpendBaselines } from '../metering/spend-baselines.js';
import type { Reservation, ReservationRequest, ReservationResult, SpendLedger } from '../metering/spend-ledger.js';
import { usagePeriodStarts, utcDayString } from '../metering/usage-periods.js';
import { GatewayError } from '../spec/errors.js';
import type { Picodollars } from '../spec/money.js';
import {
  BEGIN_LOAD_SCRIPT, LOAD_KEY_SCRIPT, LOAD_ORG_SCRIPT, RELEASE_SCRIPT, RESERVE_SCRIPT, RESERVED_SCRIPT, RESTORE_HOLDS_SCRIPT, SET_CREDITS_SCRIPT, SETTLE_SCRIPT,
} from './ledger-scripts.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

export interface RedisSpendLedgerOptions {
  connection: RedisConnection;
  baselines: SpendBaselines;
  now: () => number;
  /** A reservation not settled or released within this time is dropped (a crashed process holds nothing forever). */
  reservationTtlMs: number;
  /** A refusal for lack of credits first re-reads the balance, at most this often. */
  creditsRefreshMs?: number;
  /** Settlements kept while Redis is unreachable, replayed when it is back; the oldest go beyond this. */
  maxBufferedSettlements?: number;
  /**
   * After Redis came back empty, paid holds are refused (503) for this long, so that every process
   * has reconnected and restored its requests' holds before new ones are granted (default 3 s: the
   * connection retries at least every 2 s).
   */
  restartGraceMs?: number;
  log: { error(message: string, fields?: Record<string, unknown>): void };
}

/** A hold in Redis (id), or a local one (null id: nothing to hold, or Redis was down for a free request). */
class RedisHold implements Reservation {
  done = false;
  constructor(
    readonly id: string | null,
    readonly keyHash: string,
    readonly amount: Picodollars,
    readonly againstCredits: boolean,
    /** Counted against the key's limit. */
    readonly againstKey = false,
    /** Unix ms (the ledger's clock) when Redis drops it. */
    readonly expiry = 0,
  ) {}
}

interface Settlement {
  keyHash: string;
  holdId: string;
  actual: string;
  day: string;
  settlementId: string;
}

const SCRIPTS = {
  reserve: new RedisScript('ledger_reserve', RESERVE_SCRIPT),
  settle: new RedisScript('ledger_settle', SETTLE_SCRIPT),
  release: new RedisScript('ledger_release', RELEASE_SCRIPT),
  beginLoad: new RedisScript('ledger_begin_load', BEGIN_LOAD_SCRIPT),
  loadKey: new RedisScript('ledger_load_key', LOAD_KEY_SCRIPT),
  loadOrg: new RedisScript('ledger_load_org', LOAD_ORG_SCRIPT),
  setCredits: new RedisScript('ledger_set_credits', SET_CREDITS_SCRIPT),
  reserved: new RedisScript('ledger_reserved', RESERVED_SCRIPT),
  restoreHolds: new RedisScript('ledger_restore_holds', RESTORE_HOLDS_SCRIPT),
};

/** How long a loader may take before another process may start over. */
const LOADING_MARKER_MS = 60_000;
/** A replayed settlement whose first write did land (a lost reply) is recognised for this long. */
const SETTLEMENT_MARKER_MS = 3_600_000;
const REPLAY_INTERVAL_MS = 1_000;
const MAX_ORPHANS = 10_000;
const DEFAULT_RESTART_GRACE_MS = 3_000;
/** Holds written back per script call. */
const RESTORE_CHUNK = 500;
const LIVE_SWEEP_SIZE = 10_000;

/**
 * The SpendLedger shared by gateway processes through Redis. Each reservation is one Lua script
 * that checks usage + live holds + amount against the budget and adds the hold atomically;
 * holds expire (a sorted set by expiry, swept by the scripts). Budgets start from the store (the
 * record of truth) the first time a key is used after Redis lost its data, and every process adds
 * its settlements after that. Degradation: Redis down → paid reservations fail closed with 503,
 * free ones pass unheld; settlements are buffered (bounded) and replayed when Redis is back.
 *
 * Redis restarted empty: the store has every settled cost, but not what the requests still in
 * flight hold. Each process keeps its live holds and writes them back when it reconnects (or first
 * sees a new epoch); for a short grace after an empty restart no paid hold is granted, so that the
 * other processes' holds are back before new ones are weighed against the budget.
 */
export class RedisSpendLedger implements SpendLedger {
  private readonly connection: RedisConnection;
  private readonly baselines: SpendBaselines;
  private readonly now: () => number;
  private readonly ttlMs: number;
  private readonly creditsRefreshMs: number;
  private readonly maxBuffered: number;
  private readonly log: RedisSpendLedgerOptions['log'];
  private readonly loading = new Map<string, Promise<void>>();
  private readonly buffer: Settlement[] = [];
  /** Reservations whose reply was lost: released when Redis is back (or they expire). */
  private readonly orphans: string[] = [];
  private replaying: Promise<void> | undefined;
  private replayTimer: NodeJS.Timeout | undefined;
  private creditsReadAt = 0;
  private dropped = 0;
  private readonly graceMs: number;
  /** Holds granted by Redis and not yet settled or released, by id: restored if Redis loses them. */
  private readonly live = new Map<string, RedisHold>();
  /** The ledger epoch this process last saw ('' before the first). */
  private epoch = '';
  private restoring: Promise<void> | undefined;
  /** Holds of requests that never ended (a bug) are forgotten at expiry, checked when the map grows this big. */
  private sweepLiveAt = LIVE_SWEEP_SIZE;

  constructor(options: RedisSpendLedgerOptions) {
    this.connection = options.connection;
    this.baselines = options.baselines;
    this.now = options.now;
    this.ttlMs = options.reservationTtlMs;
    this.creditsRefreshMs = options.creditsRefreshMs ?? 1_000;
    this.maxBuffered = options.maxBufferedSettlements ?? 100_000;
    this.graceMs = options.restartGraceMs ?? DEFAULT_RESTART_GRACE_MS;
    this.log = options.log;
    this.connection.onRecovered(() => void this.replay());
  }

  /** Settlements waiting for Redis. */
  get bufferedSettlements(): number {
    return this.buffer.length;
  }

  async reserve(request: ReservationRequest): Promise<ReservationResult> {
    const { key, amount, againstCredits, at } = request;
    if (key.limit === null && !againstCredits) return { ok: true, reservation: new RedisHold(null, key.hash, amount, false) };
    const starts = periodStarts(at);
    const since = key.limitReset === null ? '' : starts[key.limitReset];
    const id = randomUUID();
    let refreshedCredits = false;
    for (let round = 0; round < 5; round += 1) {
      const now = this.now();
      const expiry = now + this.ttlMs;
      let reply: string[];
      try {
        reply = (await SCRIPTS.reserve.run(this.connection, [
          this.connection.keyPrefix, key.hash, key.limit === null ? '' : String(key.limit), since, String(amount),
          againstCredits ? '1' : '0', now, expiry, id, starts.oldest, this.epoch,
        ])) as string[];
      } catch (error) {
        // A timed-out script may still run: its hold is released once Redis answers again.
        if (error instanceof Error && /timed out/i.test(error.message)) this.keepOrphan(id);
        return this.unavailable(request, error);
      }
      const [outcome, source, used, reserved, budget] = reply;
      if (outcome === 'ok') {
        const hold = new RedisHold(id, key.hash, amount, againstCredits, key.limit !== null, expiry);
        this.live.set(id, hold);
        if (this.live.size >= this.sweepLiveAt) this.forgetExpired(now);
        return { ok: true, reservation: hold };
      }
      if (outcome === 'settling') return this.unavailable(request, new Error('redis restarted empty: waiting for every process to restore the holds of its requests in flight'));
      try {
        if (outcome === 'epoch') await this.restoreHolds();
        else if (outcome === 'load_key') await this.loadOnce(key.hash, () => this.loadKey(key.hash, starts.oldest));
        else if (outcome === 'load_org') await this.loadOnce('org', () => this.loadOrg());
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        return this.unavailable(request, error);
      }
      if (outcome !== 'refused') continue;
      if (source === 'credits' && !refreshedCredits && this.now() - this.creditsReadAt >= this.creditsRefreshMs) {
        refreshedCredits = true;
        try {
          await this.creditsChanged();
        } catch (error) {
          return this.unavailable(request, error);
        }
        continue;
      }
      const available = BigInt(budget ?? '0') - BigInt(used ?? '0') - BigInt(reserved ?? '0');
      return {
        ok: false,
        refusal: { source: source === 'credits' ? 'credits' : 'key_limit', available: available > 0n ? available : 0n, requested: amount, budget: BigInt(budget ?? '0') },
      };
    }
    return this.unavailable(request, new Error('the ledger did not settle on an answer (baselines kept reloading)'));
  }

  async settle(keyHash: string, reservation: Reservation | null, actual: Picodollars, at: number): Promise<void> {
    const hold = reservation as RedisHold | null;
    if (hold !== null) {
      if (hold.done) return;
      hold.done = true;
      if (hold.id !== null) this.live.delete(hold.id);
    }
    const holdId = hold?.id ?? '';
    if (holdId === '' && actual === 0n) return;
    const settlement: Settlement = { keyHash, holdId, actual: String(actual), day: dayString(at), settlementId: actual === 0n ? '' : randomUUID() };
    // Settlements stay in order: while some wait for Redis, new ones queue behind them.
    if (this.buffer.length > 0 || !(await this.apply(settlement))) this.keep(settlement);
  }

  async release(reservation: Reservation): Promise<void> {
    const hold = reservation as RedisHold;
    if (hold.done) return;
    hold.done = true;
    if (hold.id === null) return;
    this.live.delete(hold.id);
    // A release that does not reach Redis is not kept: the hold expires by itself.
    await SCRIPTS.release.run(this.connection, [this.connection.keyPrefix, hold.id]).catch(() => undefined);
  }

  async creditsChanged(): Promise<void> {
    const credits = await this.baselines.totalCredits();
    this.creditsReadAt = this.now();
    // Redis unreachable: the top-up is in the store; the next refusal for credits reads it again.
    await SCRIPTS.setCredits.run(this.connection, [this.connection.keyPrefix, String(credits)]).catch(() => {
      this.creditsReadAt = 0;
    });
  }

  async reserved(keyHash: string): Promise<Picodollars> {
    const [key] = (await SCRIPTS.reserved.run(this.connection, [this.connection.keyPrefix, keyHash, this.now()])) as string[];
    return BigInt(key ?? '0');
  }

  async reservedAgainstCredits(): Promise<Picodollars> {
    const [, credits] = (await SCRIPTS.reserved.run(this.connection, [this.connection.keyPrefix, '', this.now()])) as string[];
    return BigInt(credits ?? '0');
  }

  /** Restores the live holds, then replays what is buffered (on recovery and on a timer); resolves when the buffer is empty or Redis fails again. */
  replay(): Promise<void> {
    this.replaying ??= (async () => {
      if (!(await this.restoreHolds().then(() => true, () => false))) return;
      while (this.orphans.length > 0) {
        const released = await SCRIPTS.release.run(this.connection, [this.connection.keyPrefix, this.orphans[0]!]).then(() => true, () => false);
        if (!released) return;
        this.orphans.shift();
      }
      while (this.buffer.length > 0) {
        const next = this.buffer[0]!;
        if (!(await this.apply(next))) return;
        this.buffer.shift();
      }
    })().finally(() => {
      this.replaying = undefined;
      if (this.buffer.length === 0 && this.orphans.length === 0 && this.replayTimer !== undefined) {
        clearInterval(this.replayTimer);
        this.replayTimer = undefined;
      }
    });
    return this.replaying;
  }

  /** Stops the replay timer after one last try. */
  async close(): Promise<void> {
    if (this.buffer.length > 0 || this.orphans.length > 0) await this.replay();
    if (this.replayTimer !== undefined) clearInterval(this.replayTimer);
    this.replayTimer = undefined;
    if (this.buffer.length > 0) this.log.error('redis ledger closed with settlements not written to redis (the store has their generation records)', { settlements: this.buffer.length });
  }

  private async apply(settlement: Settlement): Promise<boolean> {
    try {
      await SCRIPTS.settle.run(this.connection, [
        this.connection.keyPrefix, settlement.keyHash, settlement.holdId, settlement.actual, settlement.day, settlement.settlementId, SETTLEMENT_MARKER_MS,
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes this process's live holds back where Redis lost them (after an empty restart), and
   * learns the current epoch; a new epoch after a known one starts the grace (see the script).
   */
  private restoreHolds(): Promise<void> {
    // Every request that meets the new epoch waits for the same restore.
    this.restoring ??= this.writeBackHolds().finally(() => (this.restoring = undefined));
    return this.restoring;
  }

  private async writeBackHolds(): Promise<void> {
    const now = this.now();
    this.forgetExpired(now);
    const holds: string[] = [];
    for (const [id, hold] of this.live) holds.push(id, hold.keyHash, String(hold.amount), hold.againstCredits ? '1' : '0', hold.againstKey ? '1' : '0', String(hold.expiry));
    const step = RESTORE_CHUNK * 6;
    let epoch = this.epoch;
    for (let start = 0; start === 0 || start < holds.length; start += step) {
      epoch = (await SCRIPTS.restoreHolds.run(this.connection, [
        this.connection.keyPrefix, this.epoch, now, this.graceMs, randomUUID(), ...holds.slice(start, start + step),
      ])) as string;
    }
    this.epoch = epoch;
  }

  /** A hold past its expiry is gone from Redis anyway (its request still settles its cost). */
  private forgetExpired(now: number): void {
    for (const [id, hold] of this.live) if (hold.expiry <= now) this.live.delete(id);
    this.sweepLiveAt = Math.max(LIVE_SWEEP_SIZE, 2 * this.live.size);
  }

  private keep(settlement: Settlement): void {
    this.buffer.push(settlement);
    if (this.buffer.length > this.maxBuffered) {
      this.buffer.shift();
      this.dropped += 1;
      // The store still has the record: the ledger's view is short until Redis reloads it.
      if (this.dropped === 1 || this.dropped % 1000 === 0) this.log.error('redis settlement buffer full: oldest settlements dropped from the shared ledger', { dropped: this.dropped });
    }
    this.replayTimer ??= setInterval(() => void this.replay(), REPLAY_INTERVAL_MS).unref();
  }

  private keepOrphan(id: string): void {
    this.orphans.push(id);
    if (this.orphans.length > MAX_ORPHANS) this.orphans.shift();
    this.replayTimer ??= setInterval(() => void this.replay(), REPLAY_INTERVAL_MS).unref();
  }

  private unavailable(request: ReservationRequest, error: unknown): ReservationResult {
    // Nothing to hold: a free or zero-price request goes on without the shared ledger.
    if (request.amount === 0n) return { ok: true, reservation: new RedisHold(null, request.key.hash, 0n, false) };
    throw new GatewayError('unavailable', 'Spending limits cannot be checked right now (the shared budget store is unreachable), so paid requests are refused. Retry shortly; free models still work.', {
      retryAfterSeconds: 5,
      metadata: { reason: 'budget_store_unavailable' },
      cause: error,
    });
  }

  private loadOnce(id: string, load: () => Promise<void>): Promise<void> {
    let pending = this.loading.get(id);
    if (pending === undefined) {
      pending = load().finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    return pending;
  }

  private async loadKey(hash: string, sinceDay: string): Promise<void> {
    const prefix = this.connection.keyPrefix;
    if ((await SCRIPTS.beginLoad.run(this.connection, [prefix, hash, LOADING_MARKER_MS])) === 'loaded') return;
    let baseline: KeySpendBaseline | undefined;
    await this.baselines.loadKey(hash, sinceDay, (loaded) => (baseline = loaded));
    if (baseline === undefined) throw new Error('the store gave no baseline');
    const days: string[] = [];
    for (const [day, cost] of baseline.byDay) days.push(day, String(cost));
    await SCRIPTS.loadKey.run(this.connection, [prefix, hash, String(baseline.total), ...days]);
  }

  private async loadOrg(): Promise<void> {
    const prefix = this.connection.keyPrefix;
    if ((await SCRIPTS.beginLoad.run(this.connection, [prefix, 'org', LOADING_MARKER_MS])) === 'loaded') return;
    const credits = await this.baselines.totalCredits();
    let usage: Picodollars | undefined;
    await this.baselines.loadTotalUsage((total) => (usage = total));
    this.creditsReadAt = this.now();
    await SCRIPTS.loadOrg.run(this.connection, [prefix, String(usage ?? 0n), String(credits)]);
  }
}

const DAY_MS = 86_400_000;
interface Starts {
  daily: string;
  weekly: string;
  monthly: string;
  /** The oldest day any limit period reaches (a week or a month back). */
  oldest: string;
}
/** Period starts change once a UTC day: computed then, not per request. */
let startsMemo: { day: number; starts: Starts } | undefined;

function periodStarts(at: number): Starts {
  const day = Math.floor(at / DAY_MS);
  if (startsMemo?.day !== day) {
    const starts = usagePeriodStarts(at);
    startsMemo = { day, starts: { daily: starts.day, weekly: starts.week, monthly: starts.month, oldest: starts.week < starts.month ? starts.week : starts.month } };
  }
  return startsMemo.starts;
}

let dayMemo: { day: number; text: string } | undefined;

function dayString(at: number): string {
  const day = Math.floor(at / DAY_MS);
  if (dayMemo?.day !== day) dayMemo = { day, text: utcDayString(at) };
  return dayMemo.text;
}
