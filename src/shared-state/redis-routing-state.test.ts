import { afterEach, describe, expect, it } from 'vitest';
import type { RedisConnection } from './redis-connection.js';
import { RedisEndpointHealth } from './redis-endpoint-health.js';
import { RedisFreeTierLimiter } from './redis-free-tier-limiter.js';
import { RedisStickyRoutes } from './redis-sticky-routes.js';
import { PrivateRedisServer } from './test-support/private-redis-server.js';
import { connectTestRedis, deletePrefix, randomPrefix, skipWithoutRedis } from './test-support/test-redis.js';

const skip = skipWithoutRedis('shared routing state and free-tier limits on redis');
const AT = Date.parse('2025-03-13T09:30:00Z');
const ENDPOINT = 'thudm/glm-4-32b@cheap';

describe.skipIf(skip)('shared state between two gateway processes', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Two connections under one prefix: two gateway processes. */
  async function twoProcesses(url?: string): Promise<[RedisConnection, RedisConnection]> {
    const prefix = randomPrefix();
    const connections = [await connectTestRedis(prefix, url), await connectTestRedis(prefix, url)] as [RedisConnection, RedisConnection];
    cleanups.push(async () => {
      if (connections[0].healthy) await deletePrefix(connections[0]);
      for (const connection of connections) await connection.close();
    });
    return connections;
  }

  it('endpoint health: failures seen by one process put the endpoint in outage for the other; a Retry-After pause too', async () => {
    const [first, second] = await twoProcesses();
    const clock = { now: AT };
    const healthA = new RedisEndpointHealth(first, { now: () => clock.now, syncIntervalMs: 0 });
    const healthB = new RedisEndpointHealth(second, { now: () => clock.now, syncIntervalMs: 0 });
    expect(healthB.state(ENDPOINT)?.inOutage(clock.now) ?? false).toBe(false);
    for (let index = 0; index < 3; index += 1) healthA.recordResult(ENDPOINT, 'failure', clock.now + index);
    healthA.recordResult('other@endpoint', 'rate_limited', clock.now, 30);
    await healthA.sync();
    healthB.state('other@endpoint');
    await healthB.sync();
    expect(healthB.state(ENDPOINT)?.inOutage(clock.now + 10)).toBe(true);
    expect(healthB.state(ENDPOINT)?.lastFailureAt).toBe(clock.now + 2);
    expect(healthB.state('other@endpoint')?.coolingUntil).toBe(clock.now + 30_000);
    // B's trial succeeds: the outage ends for A as well.
    clock.now += 6_000;
    expect(healthB.claimTrial(ENDPOINT, clock.now)).toBe(true);
    expect(healthB.claimTrial(ENDPOINT, clock.now)).toBe(false);
    healthB.recordResult(ENDPOINT, 'success', clock.now);
    await healthB.sync();
    await healthA.sync();
    expect(healthA.state(ENDPOINT)?.inOutage(clock.now + 1)).toBe(true); // A's own window still says so…
    healthA.recordResult(ENDPOINT, 'success', clock.now + 2); // …until its own next request succeeds
    expect(healthA.state(ENDPOINT)?.inOutage(clock.now + 3)).toBe(false);
    // And the outage ages out of the shared window.
    expect(healthB.state(ENDPOINT)?.inOutage(clock.now + 40_000)).toBe(false);
  });

  it('sticky routes: a conversation served by one process sticks on the other', async () => {
    const [first, second] = await twoProcesses();
    const stickyA = new RedisStickyRoutes(first, { prefetchWaitMs: 2_000 });
    const stickyB = new RedisStickyRoutes(second, { prefetchWaitMs: 2_000 });
    stickyA.remember('key|model|session:1', ENDPOINT, AT);
    await expect.poll(async () => (await first.client.keys(`${first.keyPrefix}sticky:*`)).length).toBe(1);
    expect(stickyB.lookup('key|model|session:1', AT)).toBeUndefined();
    await stickyB.prefetch(['key|model|session:1', 'key|model|session:2'], AT);
    expect(stickyB.lookup('key|model|session:1', AT)).toBe(ENDPOINT);
    expect(stickyB.lookup('key|model|session:2', AT)).toBeUndefined();
    const ttl = await first.client.pttl((await first.client.keys(`${first.keyPrefix}sticky:*`))[0]!);
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
  });

  it('free-tier limits count every process\'s requests, per minute and per day', async () => {
    const [first, second] = await twoProcesses();
    const clock = { now: AT };
    const limits = { requestsPerMinute: 3, requestsPerDay: 5 };
    const limiters = [new RedisFreeTierLimiter(first, limits, () => clock.now), new RedisFreeTierLimiter(second, limits, () => clock.now)];
    for (let index = 0; index < 3; index += 1) expect((await limiters[index % 2]!.take('alice')).ok).toBe(true);
    expect(await limiters[1]!.take('alice')).toEqual({ ok: false, limit: 'free-models-per-minute', max: 3, retryAfterSeconds: 60 });
    expect((await limiters[1]!.take('bob')).ok).toBe(true);
    clock.now += 60_000;
    expect((await limiters[0]!.take('alice')).ok).toBe(true);
    expect((await limiters[1]!.take('alice')).ok).toBe(true);
    expect(await limiters[0]!.take('alice')).toMatchObject({ ok: false, limit: 'free-models-per-day', max: 5 });
  });

  it('a gateway that starts while Redis is down runs degraded, then connects by itself', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    await server.kill();
    const connection = await connectTestRedis(randomPrefix(), server.url, undefined, 300);
    cleanups.push(() => connection.close());
    expect(connection.report()).toMatchObject({ ok: false, last_error: expect.stringMatching(/ECONNREFUSED/) });
    const limiter = new RedisFreeTierLimiter(connection, { requestsPerMinute: 1, requestsPerDay: 10 }, () => AT);
    expect((await limiter.take('alice')).ok).toBe(true);
    await server.start();
    await expect.poll(() => connection.healthy, { timeout: 15_000, interval: 50 }).toBe(true);
    expect((await limiter.take('alice')).ok).toBe(true);
    expect((await limiter.take('alice')).ok).toBe(false);
  });

  it('Redis down: health and sticky routes fall back to this process, free limits count locally; all recover by themselves', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const [first, second] = await twoProcesses(server.url);
    const clock = { now: AT };
    const healthA = new RedisEndpointHealth(first, { now: () => clock.now, syncIntervalMs: 0 });
    const healthB = new RedisEndpointHealth(second, { now: () => clock.now, syncIntervalMs: 0 });
    const stickyB = new RedisStickyRoutes(second, { prefetchWaitMs: 2_000 });
    const limiter = new RedisFreeTierLimiter(second, { requestsPerMinute: 1, requestsPerDay: 10 }, () => clock.now);
    for (let index = 0; index < 3; index += 1) healthA.recordResult(ENDPOINT, 'failure', clock.now);
    await healthA.sync();
    healthB.state(ENDPOINT);
    await healthB.sync();
    expect(healthB.state(ENDPOINT)?.inOutage(clock.now)).toBe(true);

    await server.kill();
    await expect.poll(() => second.healthy, { timeout: 10_000 }).toBe(false);
    // B no longer trusts a snapshot it cannot refresh: its own (empty) windows decide.
    expect(healthB.state(ENDPOINT)?.inOutage(clock.now)).toBe(false);
    healthB.recordResult(ENDPOINT, 'failure', clock.now);
    await healthB.sync();
    stickyB.remember('conversation', ENDPOINT, clock.now);
    await stickyB.prefetch(['conversation'], clock.now);
    expect(stickyB.lookup('conversation', clock.now)).toBe(ENDPOINT);
    expect((await limiter.take('alice')).ok).toBe(true);
    expect(await limiter.take('alice')).toMatchObject({ ok: false, limit: 'free-models-per-minute' });

    await server.start();
    await expect.poll(() => first.healthy && second.healthy, { timeout: 15_000, interval: 50 }).toBe(true);
    for (let index = 0; index < 3; index += 1) healthA.recordResult('second@endpoint', 'failure', clock.now);
    await healthA.sync();
    healthB.state('second@endpoint');
    await healthB.sync();
    expect(healthB.state('second@endpoint')?.inOutage(clock.now)).toBe(true);
  });
});
