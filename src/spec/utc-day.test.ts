import { describe, expect, it } from 'vitest';
import { utcDayString } from './utc-day.js';

describe('utcDayString', () => {
  it('formats the UTC day across day, month and year edges, whatever was asked before', () => {
    const cases: Array<[string, string]> = [
      ['2026-11-29T23:59:59.999Z', '2026-11-29'],
      ['2026-11-30T00:00:00.000Z', '2026-11-30'],
      ['2026-11-29T00:00:00.000Z', '2026-11-29'],
      ['2026-12-31T23:59:59.999Z', '2026-12-31'],
      ['2027-01-01T00:00:00.000Z', '2027-01-01'],
      ['1969-12-31T12:00:00.000Z', '1969-12-31'],
      ['2026-11-29T12:00:00.000Z', '2026-11-29'],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [iso, day] of cases) expect(utcDayString(Date.parse(iso))).toBe(day);
    }
  });
});
