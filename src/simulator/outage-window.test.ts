import { describe, expect, it } from 'vitest';
import { isInOutage } from './outage-window.js';

describe('isInOutage', () => {
  it('is the last for_s seconds of each cycle', () => {
    const window = { everyS: 120, forS: 20 };
    expect(isInOutage(0, window)).toBe(false);
    expect(isInOutage(99_999, window)).toBe(false);
    expect(isInOutage(100_000, window)).toBe(true);
    expect(isInOutage(119_999, window)).toBe(true);
    expect(isInOutage(120_000, window)).toBe(false);
    expect(isInOutage(230_000, window)).toBe(true);
  });

  it('shifts with the offset and is permanent when the outage fills the cycle', () => {
    expect(isInOutage(0, { everyS: 120, forS: 20, offsetS: 110 })).toBe(true);
    expect(isInOutage(12_345, { everyS: 10, forS: 10 })).toBe(true);
  });
});
