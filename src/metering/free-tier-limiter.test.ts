import { describe, expect, it } from 'vitest';
import { FreeTierLimiter } from './free-tier-limiter.js';

describe('FreeTierLimiter', () => {
  const alice = 'a'.repeat(64);
  const bob = 'b'.repeat(64);

  it('allows 20 a minute per key, then says which limit and when to retry', () => {
    const clock = { now: Date.parse('2025-03-13T09:30:00Z') };
    const limiter = new FreeTierLimiter({ requestsPerMinute: 20, requestsPerDay: 50 }, () => clock.now);
    for (let index = 0; index < 20; index += 1) {
      expect(limiter.take(alice).ok).toBe(true);
      clock.now += 1_000;
    }
    expect(limiter.take(alice)).toEqual({ ok: false, limit: 'free-models-per-minute', max: 20, retryAfterSeconds: 40 });
    expect(limiter.take(bob).ok).toBe(true);
    // The first request leaves the sliding minute 60 s after it was made.
    clock.now = Date.parse('2025-03-13T09:31:00Z');
    expect(limiter.take(alice).ok).toBe(true);
    expect(limiter.take(alice).ok).toBe(false);
  });

  it('allows 50 a UTC day, retrying at midnight UTC', () => {
    const clock = { now: Date.parse('2025-03-13T20:00:00Z') };
    const limiter = new FreeTierLimiter({ requestsPerMinute: 20, requestsPerDay: 50 }, () => clock.now);
    for (let index = 0; index < 50; index += 1) {
      expect(limiter.take(alice).ok).toBe(true);
      clock.now += 61_000;
    }
    const refused = limiter.take(alice);
    expect(refused).toMatchObject({ ok: false, limit: 'free-models-per-day', max: 50 });
    expect(refused.ok ? 0 : refused.retryAfterSeconds).toBe((Date.parse('2025-03-14T00:00:00Z') - clock.now) / 1000);
    clock.now = Date.parse('2025-03-14T00:00:00Z');
    expect(limiter.take(alice).ok).toBe(true);
  });

  it('a limit of zero blocks free models', () => {
    const limiter = new FreeTierLimiter({ requestsPerMinute: 0, requestsPerDay: 50 }, () => 0);
    expect(limiter.take(alice)).toMatchObject({ ok: false, limit: 'free-models-per-minute' });
  });
});
