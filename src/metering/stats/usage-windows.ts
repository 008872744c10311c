import { utcDayString } from '../usage-periods.js';

/** The periods the stats pages rank by: today (UTC), the last 7 UTC days, the last 30. */
export type StatsPeriod = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<StatsPeriod, number> = { day: 1, week: 7, month: 30 };

/** First and last UTC day (inclusive) of a period ending today. */
export function periodDays(period: StatsPeriod, nowMs: number): { sinceDay: string; untilDay: string } {
  return lastDays(PERIOD_DAYS[period], nowMs);
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, nowMs: number): { sinceDay: string; untilDay: string } {
  const count = Math.max(1, Math.floor(days));
  return { sinceDay: utcDayString(nowMs - (count - 1) * DAY_MS), untilDay: utcDayString(nowMs) };
}

/** Every UTC day from `sinceDay` to `untilDay`, so charts get zero days too. */
export function daysBetween(sinceDay: string, untilDay: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${sinceDay}T00:00:00Z`); ; at += DAY_MS) {
    const day = utcDayString(at);
    if (day > untilDay) return days;
    days.push(day);
  }
}
