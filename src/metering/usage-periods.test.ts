import { describe, expect, it } from 'vitest';
import type { KeyUsage } from '../store/store-types.js';
import { limitResetStart, usageAgainstLimit, usagePeriodStarts, utcDayString } from './usage-periods.js';

const at = (iso: string): number => Date.parse(iso);

describe('usagePeriodStarts', () => {
  it('keeps Sunday 23:59 in the week that began on Monday, and starts a new week at Monday 00:00', () => {
    // 2025-06-01 is a Sunday; its week began Monday 2025-05-26.
    expect(usagePeriodStarts(at('2025-06-01T23:59:59.999Z'))).toEqual({
      day: '2025-06-01',
      week: '2025-05-26',
      month: '2025-06-01',
    });
    expect(usagePeriodStarts(at('2025-06-02T00:00:00.000Z'))).toEqual({
      day: '2025-06-02',
      week: '2025-06-02',
      month: '2025-06-01',
    });
  });

  it('rolls the month at the last millisecond of a month', () => {
    expect(usagePeriodStarts(at('2025-01-31T23:59:59.999Z')).month).toBe('2025-01-01');
    expect(usagePeriodStarts(at('2025-02-01T00:00:00.000Z')).month).toBe('2025-02-01');
    expect(usagePeriodStarts(at('2025-04-30T12:00:00.000Z')).month).toBe('2025-04-01');
  });

  it('handles the leap day', () => {
    // 2024-02-29 is a Thursday.
    expect(usagePeriodStarts(at('2024-02-29T08:30:00.000Z'))).toEqual({
      day: '2024-02-29',
      week: '2024-02-26',
      month: '2024-02-01',
    });
    expect(usagePeriodStarts(at('2024-03-01T00:00:00.000Z'))).toEqual({
      day: '2024-03-01',
      week: '2024-02-26',
      month: '2024-03-01',
    });
  });

  it('lets a week span the year end while the month restarts', () => {
    // 2025-01-01 is a Wednesday; its week began Monday 2024-12-30.
    expect(usagePeriodStarts(at('2024-12-31T23:59:59.999Z'))).toEqual({
      day: '2024-12-31',
      week: '2024-12-30',
      month: '2024-12-01',
    });
    expect(usagePeriodStarts(at('2025-01-01T00:00:00.000Z'))).toEqual({
      day: '2025-01-01',
      week: '2024-12-30',
      month: '2025-01-01',
    });
    // 2023-12-31 is a Sunday: still the week of Monday 2023-12-25.
    expect(usagePeriodStarts(at('2023-12-31T23:59:59.999Z')).week).toBe('2023-12-25');
    expect(usagePeriodStarts(at('2024-01-01T00:00:00.000Z')).week).toBe('2024-01-01');
  });

  it('ignores the server time zone', () => {
    // 2025-06-01T23:30 in UTC is already Monday in Asia and still Sunday in the Americas.
    expect(utcDayString(at('2025-06-01T23:30:00.000-10:00'))).toBe('2025-06-02');
    expect(utcDayString(at('2025-06-02T01:30:00.000+05:00'))).toBe('2025-06-01');
  });
});

describe('limitResetStart', () => {
  const sundayNight = at('2025-06-01T23:59:59.999Z');
  const mondayMidnight = at('2025-06-02T00:00:00.000Z');

  it('starts daily limits at UTC midnight', () => {
    expect(limitResetStart('daily', sundayNight)).toBe('2025-06-01');
    expect(limitResetStart('daily', mondayMidnight)).toBe('2025-06-02');
  });

  it('starts weekly limits on Monday', () => {
    expect(limitResetStart('weekly', sundayNight)).toBe('2025-05-26');
    expect(limitResetStart('weekly', mondayMidnight)).toBe('2025-06-02');
  });

  it('starts monthly limits on the first of the month', () => {
    expect(limitResetStart('monthly', at('2024-02-29T23:59:59.999Z'))).toBe('2024-02-01');
    expect(limitResetStart('monthly', at('2024-03-01T00:00:00.000Z'))).toBe('2024-03-01');
  });
});

describe('usageAgainstLimit', () => {
  const usage: KeyUsage = { total: 40n, daily: 1n, weekly: 5n, monthly: 20n };

  it('checks a resetting limit against its period and a plain limit against all usage', () => {
    expect(usageAgainstLimit(usage, null)).toBe(40n);
    expect(usageAgainstLimit(usage, 'daily')).toBe(1n);
    expect(usageAgainstLimit(usage, 'weekly')).toBe(5n);
    expect(usageAgainstLimit(usage, 'monthly')).toBe(20n);
  });
});
