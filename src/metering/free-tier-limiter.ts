import { utcDayString } from './usage-periods.js';

/** OpenRouter's limits for `:free` models: 20 requests a minute, 50 a day, per key. */
export interface FreeTierLimits {
  requestsPerMinute: number;
  requestsPerDay: number;
}

export const DEFAULT_FREE_TIER_LIMITS: FreeTierLimits = { requestsPerMinute: 20, requestsPerDay: 50 };

export type FreeTierLimitName = 'free-models-per-minute' | 'free-models-per-day';

export type FreeTierDecision =
  | { ok: true }
  | { ok: false; limit: FreeTierLimitName; max: number; retryAfterSeconds: number };

/** Counts free-model requests per key: in memory (below), or shared through Redis (src/shared-state/). */
export interface FreeTierCounter {
  take(apiKeyHash: string): FreeTierDecision | Promise<FreeTierDecision>;
}

interface KeyWindow {
  /** Start times within the last minute, oldest first. */
  minute: number[];
  day: string;
  dayCount: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Per-key request counters for free models: a sliding minute and the UTC day (reset at
 * midnight UTC). In memory, per process; the shared one is src/shared-state/redis-free-tier-limiter.ts.
 */
export class FreeTierLimiter implements FreeTierCounter {
  private readonly windows = new Map<string, KeyWindow>();

  constructor(
    private readonly limits: FreeTierLimits,
    private readonly now: () => number,
  ) {}

  /** Counts one request if both limits allow it; otherwise says which limit and for how long. */
  take(apiKeyHash: string): FreeTierDecision {
    const at = this.now();
    const day = utcDayString(at);
    let window = this.windows.get(apiKeyHash);
    if (window === undefined) {
      window = { minute: [], day, dayCount: 0 };
      this.windows.set(apiKeyHash, window);
    }
    if (window.day !== day) {
      window.day = day;
      window.dayCount = 0;
    }
    // A clock that went back leaves "future" entries: they age out as a minute passes either way.
    while (window.minute.length > 0 && Math.abs(at - window.minute[0]!) >= MINUTE_MS) window.minute.shift();
    if (window.dayCount >= this.limits.requestsPerDay) {
      const nextMidnight = (Math.floor(at / DAY_MS) + 1) * DAY_MS;
      return { ok: false, limit: 'free-models-per-day', max: this.limits.requestsPerDay, retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - at) / 1000)) };
    }
    if (window.minute.length >= this.limits.requestsPerMinute) {
      const freedAt = window.minute[0]! + MINUTE_MS;
      return { ok: false, limit: 'free-models-per-minute', max: this.limits.requestsPerMinute, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - at) / 1000)) };
    }
    window.minute.push(at);
    window.dayCount += 1;
    return { ok: true };
  }
}
