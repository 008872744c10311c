import { randomUUID } from 'node:crypto';
import { FreeTierLimiter, type FreeTierCounter, type FreeTierDecision, type FreeTierLimits } from '../metering/free-tier-limiter.js';
import { utcDayString } from '../metering/usage-periods.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript } from './redis-script.js';

/**
 * Check and count in one step. ARGV: prefix, key hash, now, per minute, per day, UTC day, member.
 * The minute is a sliding window (a sorted set of request times), the day a counter that
 * expires after two days. Returns {'ok'} | {'day'} | {'minute', oldest request time}.
 */
const TAKE_SCRIPT = `
local P, hash, now, perMinute, perDay, day, member = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6], ARGV[7]
local minuteKey = P .. 'free:' .. hash .. ':minute'
local dayKey = P .. 'free:' .. hash .. ':day:' .. day
if tonumber(redis.call('GET', dayKey) or '0') >= perDay then return {'day'} end
redis.call('ZREMRANGEBYSCORE', minuteKey, '-inf', now - 60000)
-- A clock that went back leaves "future" entries: they go once they are a minute ahead.
redis.call('ZREMRANGEBYSCORE', minuteKey, '(' .. (now + 60000), '+inf')
if redis.call('ZCARD', minuteKey) >= perMinute then
  local oldest = redis.call('ZRANGE', minuteKey, 0, 0, 'WITHSCORES')
  return {'minute', oldest[2] or tostring(now)}
end
redis.call('ZADD', minuteKey, now, member)
redis.call('PEXPIRE', minuteKey, 120000)
redis.call('INCR', dayKey)
redis.call('PEXPIRE', dayKey, 172800000)
return {'ok'}
`;
const TAKE = new RedisScript('free_tier_take', TAKE_SCRIPT);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * The free-tier limits shared by every gateway process. While Redis is unreachable, each
 * process counts on its own (a free request is never refused because Redis is down, and a
 * single process still cannot exceed the limits).
 */
export class RedisFreeTierLimiter implements FreeTierCounter {
  private readonly local: FreeTierLimiter;

  constructor(
    private readonly connection: RedisConnection,
    private readonly limits: FreeTierLimits,
    private readonly now: () => number,
  ) {
    this.local = new FreeTierLimiter(limits, now);
  }

  async take(apiKeyHash: string): Promise<FreeTierDecision> {
    const at = this.now();
    let reply: string[];
    try {
      reply = (await TAKE.run(this.connection, [
        this.connection.keyPrefix, apiKeyHash, at, this.limits.requestsPerMinute, this.limits.requestsPerDay, utcDayString(at), randomUUID(),
      ])) as string[];
    } catch {
      return this.local.take(apiKeyHash);
    }
    if (reply[0] === 'day') {
      const nextMidnight = (Math.floor(at / DAY_MS) + 1) * DAY_MS;
      return { ok: false, limit: 'free-models-per-day', max: this.limits.requestsPerDay, retryAfterSeconds: Math.max(1, Math.ceil((nextMidnight - at) / 1000)) };
    }
    if (reply[0] === 'minute') {
      const freedAt = Number(reply[1]) + MINUTE_MS;
      return { ok: false, limit: 'free-models-per-minute', max: this.limits.requestsPerMinute, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - at) / 1000)) };
    }
    return { ok: true };
  }
}
