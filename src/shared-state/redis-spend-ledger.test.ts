import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Reservation } from '../metering/spend-ledger.js';
import { GatewayError } from '../spec/errors.js';
import { Redis } from 'ioredis';
import { RedisConnection } from './redis-connection.js';
import { RedisSpendLedger } from './redis-spend-ledger.js';
import { PrivateRedisServer } from './test-support/private-redis-server.js';
import { DOLLAR, fakeBaselines, limitedKey, reserveOk } from './test-support/spend-ledger-conformance.js';
import { connectTestRedis, deletePrefix, randomPrefix, silentLog, skipWithoutRedis } from './test-support/test-redis.js';

const skip = skipWithoutRedis('RedisSpendLedger (several processes, data loss, outage)');
const AT = Date.parse('2025-03-13T09:30:00Z');

describe.skipIf(skip)('RedisSpendLedger', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function connected(prefix: string, url?: string): Promise<RedisConnection> {
    const connection = await connectTestRedis(prefix, url);
    cleanups.push(async () => {
      if (connection.healthy) await deletePrefix(connection);
      await connection.close();
    });
    return connection;
  }

  it('two processes under 400 concurrent reservations against one limit never pass it, and settle to the exact sum', async () => {
    const prefix = randomPrefix();
    const { baselines } = fakeBaselines({ byDay: { '2025-03-13': 3n * DOLLAR } });
    const ledgers = [
      new RedisSpendLedger({ connection: await connected(prefix), baselines, now: () => AT, reservationTtlMs: 600_000, log: silentLog }),
      new RedisSpendLedger({ connection: await connected(prefix), baselines, now: () => AT, reservationTtlMs: 600_000, log: silentLog }),
    ];
    const key = limitedKey(50n * DOLLAR, 'daily');
    // 400 requests of $0.25 each against the $47 left: exactly 188 fit.
    const amount = DOLLAR / 4n;
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, index) => ledgers[index % 2]!.reserve({ key, amount, againstCredits: false, at: AT })),
    );
    const admitted = results.flatMap((result) => (result.ok ? [result.reservation] : []));
    expect(admitted).toHaveLength(188);
    expect(await ledgers[0]!.reserved(key.hash)).toBe(188n * amount);
    // Each settles to a different actual cost, on the ledger of the other "process".
    let settled = 0n;
    await Promise.all(
      admitted.map((reservation: Reservation, index) => {
        const actual = (amount * BigInt(index % 5)) / 4n;
        settled += actual;
        return ledgers[(index + 1) % 2]!.settle(key.hash, reservation, actual, AT);
      }),
    );
    expect(await ledgers[1]!.reserved(key.hash)).toBe(0n);
    const left = 47n * DOLLAR - settled;
    expect(await ledgers[0]!.reserve({ key, amount: left + 1n, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: left } });
    await reserveOk(ledgers[1]!, { key, amount: left, againstCredits: false, at: AT });
  });

  it('rebuilds its view from the store when Redis lost its data', async () => {
    const prefix = randomPrefix();
    const connection = await connected(prefix);
    const { baselines, state } = fakeBaselines({ byDay: { '2025-03-13': 4n * DOLLAR } });
    // No grace after the loss (tested below): one process, nothing in flight.
    const ledger = new RedisSpendLedger({ connection, baselines, now: () => AT, reservationTtlMs: 600_000, restartGraceMs: 0, log: silentLog });
    const key = limitedKey(10n * DOLLAR);
    const held = await reserveOk(ledger, { key, amount: 5n * DOLLAR, againstCredits: false, at: AT });
    await ledger.settle(key.hash, held, 5n * DOLLAR, AT);
    // The store got the record too; then Redis restarts empty.
    state.byDay['2025-03-13'] = 9n * DOLLAR;
    await deletePrefix(connection);
    expect(await ledger.reserve({ key, amount: 2n * DOLLAR, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: DOLLAR } });
  });

  it('Redis down: paid requests fail closed (503), free ones pass; settlements are buffered and replayed when it is back', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const prefix = randomPrefix();
    const connection = await connected(prefix, server.url);
    const { baselines, state } = fakeBaselines({ byDay: { '2025-03-13': 1n * DOLLAR } });
    const ledger = new RedisSpendLedger({ connection, baselines, now: () => AT, reservationTtlMs: 600_000, restartGraceMs: 0, log: silentLog });
    cleanups.push(() => ledger.close());
    const key = limitedKey(10n * DOLLAR);
    const held = await reserveOk(ledger, { key, amount: 3n * DOLLAR, againstCredits: false, at: AT });

    await server.kill();
    const refused = await ledger.reserve({ key, amount: DOLLAR, againstCredits: false, at: AT }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ kind: 'unavailable', status: 503, retryAfterSeconds: 5 });
    expect(connection.report()).toMatchObject({ ok: false });
    const free = await reserveOk(ledger, { key, amount: 0n, againstCredits: false, at: AT });
    await ledger.settle(key.hash, free, 0n, AT);
    // The request that held $3 finishes while Redis is away: its $2 waits in the buffer.
    await ledger.settle(key.hash, held, 2n * DOLLAR, AT);
    expect(ledger.bufferedSettlements).toBe(1);

    // Redis comes back empty (no persistence); the store has the finished request's record.
    state.byDay['2025-03-13'] = 3n * DOLLAR;
    await server.start();
    await expect.poll(() => connection.healthy, { timeout: 15_000, interval: 50 }).toBe(true);
    await expect.poll(() => ledger.bufferedSettlements, { timeout: 15_000, interval: 50 }).toBe(0);
    // Rebuilt from the store ($3), the replayed settlement not counted twice (nothing was loaded when it landed).
    expect(await ledger.reserve({ key, amount: 7n * DOLLAR + 1n, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: 7n * DOLLAR } });
    await reserveOk(ledger, { key, amount: 7n * DOLLAR, againstCredits: false, at: AT });
  });

  it('Redis restarted empty: the holds of requests in flight are written back, so the budget still counts them', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const connection = await connected(randomPrefix(), server.url);
    const { baselines, state } = fakeBaselines({ byDay: { '2025-03-13': 1n * DOLLAR } });
    const ledger = new RedisSpendLedger({ connection, baselines, now: () => AT, reservationTtlMs: 600_000, restartGraceMs: 0, log: silentLog });
    cleanups.push(() => ledger.close());
    const key = limitedKey(10n * DOLLAR);
    const inFlight = await reserveOk(ledger, { key, amount: 6n * DOLLAR, againstCredits: false, at: AT });
    const released = await reserveOk(ledger, { key, amount: DOLLAR, againstCredits: false, at: AT });
    await ledger.release(released);

    await server.kill();
    await server.start();
    await expect.poll(() => connection.healthy, { timeout: 15_000, interval: 50 }).toBe(true);
    // $1 settled (the store) + $6 still held by the request in flight: $3 left, not $9.
    expect(await ledger.reserve({ key, amount: 3n * DOLLAR + 1n, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: 3n * DOLLAR } });
    expect(await ledger.reserved(key.hash)).toBe(6n * DOLLAR);
    // It settles after the restart: its hold is freed and its cost counted once.
    state.byDay['2025-03-13'] = 3n * DOLLAR;
    await ledger.settle(key.hash, inFlight, 2n * DOLLAR, AT);
    expect(await ledger.reserved(key.hash)).toBe(0n);
    expect(await ledger.reserve({ key, amount: 7n * DOLLAR + 1n, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: 7n * DOLLAR } });
  });

  it('Redis restarted empty, one process back before the other: no paid hold is granted until the grace has passed', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const prefix = randomPrefix();
    const { baselines } = fakeBaselines();
    const options = { baselines, now: Date.now, reservationTtlMs: 600_000, restartGraceMs: 1_500, log: silentLog };
    const early = new RedisSpendLedger({ ...options, connection: await connected(prefix, server.url) });
    const lateConnection = await connected(prefix, server.url);
    const late = new RedisSpendLedger({ ...options, connection: lateConnection });
    cleanups.push(() => early.close(), () => late.close());
    const key = limitedKey(10n * DOLLAR);
    await reserveOk(late, { key, amount: 8n * DOLLAR, againstCredits: false, at: Date.now() });
    await reserveOk(early, { key, amount: DOLLAR, againstCredits: false, at: Date.now() });

    // The late process stays away (no reconnect) while Redis restarts empty.
    lateConnection.client.disconnect(false);
    await server.kill();
    await server.start();
    // The early one is back and writes back its own hold, but may not grant one yet.
    await expect(early.reserve({ key, amount: DOLLAR, againstCredits: false, at: Date.now() })).rejects.toMatchObject({ kind: 'unavailable', status: 503 });
    expect(await early.reserve({ key, amount: 0n, againstCredits: false, at: Date.now() })).toMatchObject({ ok: true });
    await lateConnection.client.connect();
    await expect.poll(() => lateConnection.healthy, { timeout: 15_000, interval: 50 }).toBe(true);
    // After the grace both holds are counted: $1 left.
    const answer = await vi.waitFor(() => early.reserve({ key, amount: 2n * DOLLAR, againstCredits: false, at: Date.now() }), { timeout: 15_000, interval: 100 });
    expect(answer).toMatchObject({ ok: false, refusal: { available: DOLLAR } });
    expect(await late.reserved(key.hash)).toBe(9n * DOLLAR);
  });

  it('Redis slow (commands past command_timeout_ms): paid requests fail closed, then pass again by themselves', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const connection = new RedisConnection({ url: server.url, keyPrefix: randomPrefix(), commandTimeoutMs: 200, log: silentLog });
    await connection.connect(5_000);
    cleanups.push(() => connection.close());
    const ledger = new RedisSpendLedger({ connection, baselines: fakeBaselines().baselines, now: () => AT, reservationTtlMs: 600_000, log: silentLog });
    cleanups.push(() => ledger.close());
    const key = limitedKey(10n * DOLLAR);
    await reserveOk(ledger, { key, amount: DOLLAR, againstCredits: false, at: AT });
    // Another client stalls this (private) server for 1.5 s.
    const staller = new Redis(server.url);
    await staller.call('CLIENT', 'PAUSE', '1500', 'ALL');
    staller.disconnect();
    await expect(ledger.reserve({ key, amount: DOLLAR, againstCredits: false, at: AT })).rejects.toMatchObject({ kind: 'unavailable', status: 503 });
    expect(connection.report()).toMatchObject({ ok: false, last_error: expect.stringMatching(/timed out/i) });
    await expect.poll(async () => (await ledger.reserve({ key, amount: DOLLAR, againstCredits: false, at: AT }).catch(() => null))?.ok, { timeout: 15_000, interval: 200 }).toBe(true);
    expect(connection.healthy).toBe(true);
    // The timed-out reservation ran once the pause ended; its orphaned hold is released, not kept until it expires.
    await expect.poll(() => ledger.reserved(key.hash), { timeout: 15_000, interval: 100 }).toBe(2n * DOLLAR);
  });

  it('replays into a Redis that kept its data: the buffered cost lands once', async () => {
    const server = await PrivateRedisServer.start();
    cleanups.push(() => server.kill());
    const connection = await connected(randomPrefix(), server.url);
    const ledger = new RedisSpendLedger({ connection, baselines: fakeBaselines().baselines, now: () => AT, reservationTtlMs: 600_000, log: silentLog });
    cleanups.push(() => ledger.close());
    const key = limitedKey(10n * DOLLAR);
    const held = await reserveOk(ledger, { key, amount: 4n * DOLLAR, againstCredits: false, at: AT });
    // Redis is unreachable (paused, not restarted): the settlement is buffered.
    connection.client.disconnect(true);
    await ledger.settle(key.hash, held, 4n * DOLLAR, AT);
    expect(ledger.bufferedSettlements).toBe(1);
    await expect.poll(() => ledger.bufferedSettlements, { timeout: 15_000, interval: 50 }).toBe(0);
    expect(await ledger.reserved(key.hash)).toBe(0n);
    expect(await ledger.reserve({ key, amount: 6n * DOLLAR + 1n, againstCredits: false, at: AT })).toMatchObject({ ok: false, refusal: { available: 6n * DOLLAR } });
  });
});
