import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrivateRedisServer } from '../../shared-state/test-support/private-redis-server.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import { picodollarsToUsd, usdToPicodollars } from '../../spec/money.js';
import { dropSchema, POSTGRES_TEST_URL, temporarySchemaName } from '../../store/test-support/postgres-test-database.js';
import { createApiKey } from './test-support/api-keys.js';
import { FREE_MODEL, PAID_MODEL, writeClusterConfig } from './test-support/cluster-config.js';
import { waitForHealthInARow } from './test-support/cluster-health.js';
import { workdir } from './test-support/compiled-cli.js';
import { chat, sendConcurrentChats } from './test-support/concurrent-chat-load.js';
import { ContinuousChatLoad } from './test-support/continuous-chat-load.js';
import { RunningCluster } from './test-support/running-cluster.js';
import { send } from './test-support/send-request.js';
import { expectSettledUsageWithinLimit } from './test-support/settled-usage.js';

const WORKERS = 2;
/** Upstream latency of the steady load: requests overlap, without exhausting a limit in a second. */
const LOAD_LATENCY_MS = 30;

const missing = [
  ...(POSTGRES_TEST_URL ? [] : ['SWITCHBOARD_TEST_POSTGRES_URL is not set']),
  // The Redis these tests stop is their own; the variable says a redis-server is there to run.
  ...(process.env.SWITCHBOARD_TEST_REDIS_URL ? [] : ['SWITCHBOARD_TEST_REDIS_URL is not set']),
];
if (missing.length > 0) console.log(`[skipped] serve --workers ${WORKERS} with Redis restarted mid-load: ${missing.join('; ')}`);

describe.skipIf(missing.length > 0)(`serve --workers ${WORKERS} on PostgreSQL, with Redis restarted mid-load`, () => {
  const schema = temporarySchemaName();
  let redis: PrivateRedisServer;
  let simulator: RunningSimulator;
  let cluster: RunningCluster;
  const baseUrl = (): string => cluster.baseUrl();

  beforeAll(async () => {
    redis = await PrivateRedisServer.start();
    simulator = await startSimulator({ name: 'acme', firstTokenLatencyMs: LOAD_LATENCY_MS, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
    const dir = workdir();
    const configPath = writeClusterConfig(dir, {
      postgresUrl: POSTGRES_TEST_URL!,
      schema,
      redisUrl: redis.url,
      redisPrefix: `${schema}:`,
      upstreamBaseUrl: simulator.baseUrl,
      // The steady load sends many free requests: the free tier must not be what refuses them.
      extraYaml: 'billing: { free_tier: { requests_per_minute: 1000000, requests_per_day: 1000000 } }',
    });
    cluster = await RunningCluster.start({ configPath, dir, workers: WORKERS });
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
    await simulator?.close();
    await redis?.kill();
    await dropSchema(schema);
  }, 30_000);

  const redisDown = (answer: { status: string; redis?: { ok: boolean } }): boolean => answer.status === 'degraded' && answer.redis?.ok === false;
  const redisUp = (answer: { status: string; redis?: { ok: boolean } }): boolean => answer.status === 'ok' && answer.redis?.ok === true;

  it('while Redis is down paid limited requests get 503 budget_store_unavailable and free ones are served; the workers recover by themselves; the limit holds', async () => {
    // About 300 requests' worth (each ~$0.0000049): the steady load does not reach it, the burst at the end does.
    const limitUsd = 0.0015;
    const limit = usdToPicodollars(limitUsd)!;
    const { key: apiKey, hash } = await createApiKey(baseUrl(), cluster.managementKey(), { name: 'through the outage', limit: limitUsd });
    await waitForHealthInARow(baseUrl(), redisUp, 2 * WORKERS);

    const load = new ContinuousChatLoad({ baseUrl: baseUrl(), apiKey, clients: 4, models: [PAID_MODEL, FREE_MODEL] });
    try {
      await vi.waitFor(() => expect(load.of(PAID_MODEL).filter((outcome) => outcome.status === 200).length).toBeGreaterThanOrEqual(20), { timeout: 30_000, interval: 50 });

      const killedAt = Date.now();
      await redis.kill();
      // Every worker notices and says so; paid requests are refused with the outage's reason, free ones still served.
      await waitForHealthInARow(baseUrl(), redisDown, 2 * WORKERS);
      const downSince = Date.now();
      await vi.waitFor(() => {
        expect(load.of(PAID_MODEL, downSince).filter((outcome) => outcome.status === 503).length).toBeGreaterThanOrEqual(5);
        expect(load.of(FREE_MODEL, downSince).filter((outcome) => outcome.status === 200).length).toBeGreaterThanOrEqual(5);
      }, { timeout: 30_000, interval: 50 });

      const restartedAt = Date.now();
      await redis.start();
      // Back without a restart of any worker: every worker reports Redis up and paid requests are served again.
      await waitForHealthInARow(baseUrl(), redisUp, 2 * WORKERS, 30_000);
      await vi.waitFor(() => expect(load.of(PAID_MODEL, restartedAt).filter((outcome) => outcome.status === 200).length).toBeGreaterThanOrEqual(2 * WORKERS), { timeout: 30_000, interval: 50 });
      const recoveredAt = load.of(PAID_MODEL, restartedAt).find((outcome) => outcome.status === 200)!.endedAt;
      console.log(`redis down ${restartedAt - killedAt} ms; first paid request served ${recoveredAt - restartedAt} ms after redis restarted`);
      // Within seconds: the reconnection (retried at least every 2 s) and the 3 s grace of an empty restart.
      expect(recoveredAt - restartedAt).toBeLessThan(15_000);
      await load.stop();

      // The burst takes the key to its limit: the ledger, rebuilt from the store, refuses past it.
      const burst = await sendConcurrentChats({ baseUrl: baseUrl(), apiKey, requests: 400 });
      expect(burst.statuses.every((status) => status === 200 || status === 402)).toBe(true);
      expect(burst.statuses.filter((status) => status === 402).length).toBeGreaterThan(0);

      const outcomes = load.outcomes;
      expect(outcomes.filter((outcome) => outcome.failure !== undefined)).toEqual([]);
      // Free requests never depend on Redis.
      expect(load.of(FREE_MODEL).filter((outcome) => outcome.status !== 200)).toEqual([]);
      // Paid ones are served, or refused as the documented policy says (503 budget_store_unavailable, Retry-After 5; 402 past the limit).
      const paid = load.of(PAID_MODEL);
      expect(paid.filter((outcome) => ![200, 402, 503].includes(outcome.status))).toEqual([]);
      const refused = paid.filter((outcome) => outcome.status === 503);
      expect(refused.every((outcome) => outcome.reason === 'budget_store_unavailable' && outcome.retryAfter === '5')).toBe(true);
      // No paid request sent once every worker saw Redis down, and answered before it came back, was served.
      expect(paid.filter((outcome) => outcome.startedAt >= downSince && outcome.endedAt <= restartedAt && outcome.status === 200)).toEqual([]);

      // Every 200 (paid and free, steady load and burst) has its record; usage = the records' costs ≤ the limit.
      const generationIds = [...outcomes.filter((outcome) => outcome.status === 200).map((outcome) => outcome.generationId), ...burst.generationIds];
      const { spent } = await expectSettledUsageWithinLimit({ postgresUrl: POSTGRES_TEST_URL!, schema, keyHash: hash, generationIds, limit });
      console.log(`through a redis restart: ${generationIds.length} served (${refused.length} paid refused with 503), ${spent} of ${limit} picodollars spent`);
      const key = await send(`${baseUrl()}/api/v1/key`, { headers: { authorization: `Bearer ${apiKey}` } });
      expect((JSON.parse(key.body) as { data: { usage: number } }).data.usage).toBeCloseTo(picodollarsToUsd(spent), 12);
    } finally {
      await load.stop();
    }
  }, 120_000);

  it('Redis restarted empty near the limit, with paid requests in flight across the restart: the limit still holds', async () => {
    // About 61 requests' worth.
    const limitUsd = 0.0003;
    const limit = usdToPicodollars(limitUsd)!;
    const { key: apiKey, hash } = await createApiKey(baseUrl(), cluster.managementKey(), { name: 'restarted empty', limit: limitUsd });
    await waitForHealthInARow(baseUrl(), redisUp, 2 * WORKERS);

    // Near the limit: four fifths spent, settled and recorded (in batches: each request holds its worst case, ~$0.0000088, until it settles).
    const before: string[] = [];
    for (let batch = 0; batch < 5; batch += 1) {
      const { statuses, generationIds } = await sendConcurrentChats({ baseUrl: baseUrl(), apiKey, requests: 10 });
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      before.push(...generationIds);
    }

    // Requests that hold the rest of the budget, then wait upstream while Redis restarts empty.
    simulator.update({ firstTokenLatencyMs: 8_000 });
    const received = simulator.stats.requests;
    let refusedBefore = 0;
    const inFlightAnswers = Array.from({ length: 30 }, (_, index) =>
      chat({ baseUrl: baseUrl(), apiKey }, index).then((answer) => {
        if (answer.status === 402) refusedBefore += 1;
        return { ...answer, endedAt: Date.now() };
      }),
    );
    // Every one of them either got its hold (and is upstream) or was refused.
    await vi.waitFor(() => expect(simulator.stats.requests - received + refusedBefore).toBe(30), { timeout: 30_000, interval: 20 });
    const holding = simulator.stats.requests - received;
    expect(holding).toBeGreaterThan(0);
    simulator.update({ firstTokenLatencyMs: LOAD_LATENCY_MS });

    await redis.kill();
    await redis.start();
    await waitForHealthInARow(baseUrl(), redisUp, 2 * WORKERS, 30_000);
    // Paid requests are answered again (served or refused for the limit, not 503)…
    const probes: string[] = [];
    await vi.waitFor(async () => {
      const probe = await chat({ baseUrl: baseUrl(), apiKey }, probes.length);
      if (probe.status === 200) probes.push(probe.generationId);
      expect(probe.status).not.toBe(503);
    }, { timeout: 30_000, interval: 100 });
    // …and a burst while the earlier requests are still upstream must not pass what they hold.
    const after = await sendConcurrentChats({ baseUrl: baseUrl(), apiKey, requests: 100 });
    const afterEndedAt = Date.now();
    expect(after.statuses.every((status) => status === 200 || status === 402)).toBe(true);
    const held = await Promise.all(inFlightAnswers);
    expect(held.filter((answer) => answer.status === 200)).toHaveLength(holding);
    // The burst really raced the requests in flight (else this test proves nothing).
    expect(afterEndedAt).toBeLessThan(Math.min(...held.filter((answer) => answer.status === 200).map((answer) => answer.endedAt)));

    const generationIds = [...before, ...held.filter((answer) => answer.status === 200).map((answer) => answer.generationId), ...probes, ...after.generationIds];
    const { spent, records } = await expectSettledUsageWithinLimit({ postgresUrl: POSTGRES_TEST_URL!, schema, keyHash: hash, generationIds, limit });
    console.log(`redis restarted empty near the limit: ${holding} in flight across it, ${after.generationIds.length} served after it, ${records} records, ${spent} of ${limit} picodollars spent`);
  }, 120_000);
});

