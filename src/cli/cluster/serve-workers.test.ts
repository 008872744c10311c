import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../../catalog/load-config.js';
import { adapterProtocols } from '../../providers/adapter-registry.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import { picodollarsToUsd, usdToPicodollars } from '../../spec/money.js';
import { openStore } from '../../store/open-store.js';
import { dropSchema, POSTGRES_TEST_URL, temporarySchemaName } from '../../store/test-support/postgres-test-database.js';
import { createApiKey } from './test-support/api-keys.js';
import { writeClusterConfig } from './test-support/cluster-config.js';
import { CLI, workdir } from './test-support/compiled-cli.js';
import { chat, sendConcurrentChats } from './test-support/concurrent-chat-load.js';
import { deleteRedisKeys } from './test-support/delete-redis-keys.js';
import { RunningCluster } from './test-support/running-cluster.js';
import { send } from './test-support/send-request.js';
import { expectSettledUsageWithinLimit } from './test-support/settled-usage.js';

const REDIS_TEST_URL = process.env.SWITCHBOARD_TEST_REDIS_URL;

describe('serve --workers without Redis', () => {
  it('refuses two processes on SQLite and on PostgreSQL, saying why', () => {
    for (const url of ['sqlite:./data/gateway.db', 'postgres://switchboard:hunter2@127.0.0.1:1/switchboard']) {
      const dir = workdir();
      const path = join(dir, 'switchboard.yaml');
      writeFileSync(path, `store: { url: "${url}" }\nproviders: []\nmodels: []\n`);
      const result = spawnSync(process.execPath, [CLI, 'serve', '--config', path, '--workers', '2', '--port', '0'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/--workers 2 needs Redis \(redis\.url in the config\)/);
      expect(result.stderr).not.toMatch(/hunter2/);
    }
  });

  it('refuses a --workers value that is not a count', () => {
    const result = spawnSync(process.execPath, [CLI, 'serve', '--workers', 'many'], { cwd: workdir(), encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--workers: "many" is not a number of processes/);
  });
});

/** The config schema takes `redis:` (with a key prefix, for test isolation) once the Redis shared state has landed. */
function configTakesRedis(): boolean {
  return validateConfig({ redis: { url: 'redis://127.0.0.1:6379', key_prefix: 'test:' }, providers: [], models: [] }, { knownAdapters: adapterProtocols() }).ok;
}

const missing = [
  ...(POSTGRES_TEST_URL ? [] : ['SWITCHBOARD_TEST_POSTGRES_URL is not set']),
  ...(REDIS_TEST_URL ? [] : ['SWITCHBOARD_TEST_REDIS_URL is not set']),
  ...(configTakesRedis() ? [] : ['the config has no redis section yet']),
];
if (missing.length > 0) console.log(`[skipped] serve --workers 2 and 4 on PostgreSQL and Redis: ${missing.join('; ')}`);

describe.skipIf(missing.length > 0).each([2, 4])('serve --workers %i on PostgreSQL and Redis', (workers) => {
  const schema = temporarySchemaName();
  const redisPrefix = `${schema}:`;
  let simulator: RunningSimulator;
  let cluster: RunningCluster;

  beforeAll(async () => {
    simulator = await startSimulator({ name: 'acme', firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
    const dir = workdir();
    const configPath = writeClusterConfig(dir, { postgresUrl: POSTGRES_TEST_URL!, schema, redisUrl: REDIS_TEST_URL!, redisPrefix, upstreamBaseUrl: simulator.baseUrl });
    cluster = await RunningCluster.start({ configPath, dir, workers });
  }, 90_000);
  afterAll(async () => {
    cluster?.stop();
    await simulator?.close();
    await dropSchema(schema);
    await deleteRedisKeys(REDIS_TEST_URL!, redisPrefix);
  });

  it('migrates and bootstraps once, prints one banner, serves from every worker, and sums their metrics', async () => {
    expect(cluster.stdout.match(/Switchboard is listening on/g)).toHaveLength(1);
    expect(cluster.stdout.match(/Management key \(shown once/g)).toHaveLength(1);
    const { key: apiKey, hash } = await createApiKey(cluster.baseUrl(), cluster.managementKey(), { name: 'workers test' });

    const requests = 3 * workers;
    for (let index = 0; index < requests; index += 1) expect((await chat({ baseUrl: cluster.baseUrl(), apiKey }, index)).status).toBe(200);
    // Connections were spread over every worker (round robin; each tags its log lines with its id)…
    await vi.waitFor(() => expect(cluster.workersThatServed(hash).size).toBe(workers), { timeout: 30_000, interval: 100 });
    // …and every worker answers /metrics with the aggregate, so any one scrape counts every worker's requests.
    const metrics = await send(`${cluster.baseUrl()}/metrics`);
    expect(metrics.status).toBe(200);
    const line = metrics.body.split('\n').find((entry) => entry.startsWith('switchboard_http_requests_total{route="/api/v1/chat/completions",method="POST",status="200"}'));
    expect(Number(line?.split(' ').at(-1))).toBe(requests);

    const store = await openStore(POSTGRES_TEST_URL!, { schema, migrate: false, poolSize: 1 });
    try {
      await vi.waitFor(async () => expect(await store.generations.listGenerations({ apiKeyHash: hash, limit: 1000 })).toHaveLength(requests), { timeout: 30_000, interval: 200 });
      // One management key, created by the primary before forking.
      expect(await store.keys.countManagementKeys()).toBe(1);
    } finally {
      await store.close();
    }
  }, 60_000);

  it(`never lets 400 concurrent requests through ${workers} workers overspend one key limit; usage equals the sum of the records`, async () => {
    // About 200 requests' worth (each costs ~20 tokens × $0.24/M): half the requests, so every worker
    // wins some of the race even when one of them is slow to start on a loaded machine.
    const limitUsd = 0.001;
    const limit = usdToPicodollars(limitUsd)!;
    const { key: apiKey, hash } = await createApiKey(cluster.baseUrl(), cluster.managementKey(), { name: 'tight', limit: limitUsd });
    const { statuses, generationIds } = await sendConcurrentChats({ baseUrl: cluster.baseUrl(), apiKey, requests: 400 });
    const served = generationIds.length;
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    expect(served).toBeGreaterThan(10);
    expect(served).toBeLessThan(400);

    const { spent } = await expectSettledUsageWithinLimit({ postgresUrl: POSTGRES_TEST_URL!, schema, keyHash: hash, generationIds, limit });
    console.log(`${workers} workers, 400 concurrent requests: ${served} served, ${spent} of ${limit} picodollars spent`);
    // Every worker took part in the race for the one limit.
    await vi.waitFor(() => expect(cluster.workersThatServed(hash).size).toBe(workers), { timeout: 30_000, interval: 100 });
    // Any worker's /key reports the same settled usage (rollups), within the limit.
    const key = await send(`${cluster.baseUrl()}/api/v1/key`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(key.status).toBe(200);
    const { usage, limit: reported } = (JSON.parse(key.body) as { data: { usage: number; limit: number } }).data;
    expect(reported).toBe(limitUsd);
    expect(usage).toBeCloseTo(picodollarsToUsd(spent), 12);
    expect(usage).toBeLessThanOrEqual(limitUsd);
  }, 120_000);

  it('replaces a worker killed with SIGKILL, keeps serving, and shuts down on SIGTERM', async () => {
    const [victim] = cluster.listeningPids();
    process.kill(victim!, 'SIGKILL');
    await vi.waitFor(() => expect(cluster.listeningPids()).toHaveLength(workers + 1), { timeout: 60_000, interval: 100 });
    expect(cluster.stderr).toMatch(/worker exited; starting a replacement/);
    expect((await send(`${cluster.baseUrl()}/health`)).status).toBe(200);
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    for (const pid of cluster.listeningPids()) expect(() => process.kill(pid, 0)).toThrow();
  }, 90_000);
});
