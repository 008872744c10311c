import type { KeyUsage, LimitReset } from '../store/store-types.js';
import type { Picodollars } from '../spec/money.js';
import { utcDayString } from '../spec/utc-day.js';

/** The UTC day starts that `GET /key` sums usage from, as the store's `YYYY-MM-DD` strings. */
export interface UsagePeriodStarts {
  day: string;
  /** The Monday of the current UTC week (OpenRouter weeks run Monday to Sunday). */
  week: string;
  month: string;
}

const DAY_MS = 86_400_000;

/** A Unix-ms instant as its UTC calendar day, the key the store rolls usage up by. */
export { utcDayString };

function startOfUtcDayMs(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS;
}

/** Start of the UTC week containing nowMs; getUTCDay is 0 on Sunday, which belongs to the week before. */
function startOfUtcWeekMs(nowMs: number): number {
  const dayStart = startOfUtcDayMs(nowMs);
  const daysSinceMonday = (new Date(dayStart).getUTCDay() + 6) % 7;
  return dayStart - daysSinceMonday * DAY_MS;
}

function startOfUtcMonthMs(nowMs: number): number {
  const date = new Date(nowMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Day, week and month starts for per-key usage, all in UTC so every server agrees. */
export function usagePeriodStarts(nowMs: number): UsagePeriodStarts {
  return {
    day: utcDayString(startOfUtcDayMs(nowMs)),
    week: utcDayString(startOfUtcWeekMs(nowMs)),
    month: utcDayString(startOfUtcMonthMs(nowMs)),
  };
}

/** The first day counted against a resetting key limit: limits reset at UTC midnight. */
export function limitResetStart(reset: LimitReset, nowMs: number): string {
  const starts = usagePeriodStarts(nowMs);
  switch (reset) {
    case 'daily':
      return starts.day;
    case 'weekly':
      return starts.week;
    case 'monthly':
      return starts.month;
  }
}

/** The spend a key limit is checked against: the usage of the reset period, or all-time usage. */
export function usageAgainstLimit(usage: KeyUsage, reset: LimitReset | null): Picodollars {
  switch (reset) {
    case null:
      return usage.total;
    case 'daily':
      return usage.daily;
    case 'weekly':
      return usage.weekly;
    case 'monthly':
      return usage.monthly;
  }
}
