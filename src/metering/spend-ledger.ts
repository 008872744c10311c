import type { Picodollars } from '../spec/money.js';
import type { LimitReset } from '../store/store-types.js';

/** The part of a key the ledger checks: its hash and its spending limit. */
export interface LedgerKey {
  hash: string;
  limit: Picodollars | null;
  limitReset: LimitReset | null;
}

export interface ReservationRequest {
  key: LedgerKey;
  /** Worst-case cost of the request. */
  amount: Picodollars;
  /** Check the org's credit balance too (billing.credits). */
  againstCredits: boolean;
  /** Unix ms: the limit period is the one containing this instant. */
  at: number;
}

/** Money held for one request in flight until it settles, is released, or expires. */
export interface Reservation {
  readonly keyHash: string;
  readonly amount: Picodollars;
  readonly againstCredits: boolean;
}

/** Why a reservation was refused: which budget, and what it still had. */
export interface ReservationRefusal {
  source: 'key_limit' | 'credits';
  /** What is left in that budget after usage and other requests' reservations (≥ 0). */
  available: Picodollars;
  requested: Picodollars;
  /** The key limit or the credits bought. */
  budget: Picodollars;
}

export type ReservationResult = { ok: true; reservation: Reservation } | { ok: false; refusal: ReservationRefusal };

/**
 * Budgets that are never overspent: a request reserves its worst-case cost against its key's
 * limit and the org's credits before the upstream call, and settles to the actual cost (exactly
 * once) or releases the hold after. The in-memory ledger serves one process; the Redis one
 * (src/shared-state/) lets several gateway processes share the budgets. Settle and release are
 * async for Redis; they never reject (a failed write is buffered and replayed), and the
 * in-memory ledger applies them before its promise is returned.
 */
export interface SpendLedger {
  reserve(request: ReservationRequest): Promise<ReservationResult>;
  /**
   * Records a finished generation's actual cost on the UTC day of `at` (its start), freeing its
   * reservation if any. Costs of keys the ledger is not tracking are left to the store.
   */
  settle(keyHash: string, reservation: Reservation | null, actual: Picodollars, at: number): Promise<void>;
  /** Frees a reservation without cost (the request failed before any charge). */
  release(reservation: Reservation): Promise<void>;
  /** Credits were added or corrected (through any process): read the balance again. */
  creditsChanged(): Promise<void>;
  /** Money held by requests in flight: per key, and against credits. */
  reserved(keyHash: string): Promise<Picodollars>;
  reservedAgainstCredits(): Promise<Picodollars>;
}
