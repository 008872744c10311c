import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateConfig } from '../../catalog/load-config.js';
import { adapterProtocols } from '../../providers/adapter-registry.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import { dropSchema, POSTGRES_TEST_URL, temporarySchemaName } from '../../store/test-support/postgres-test-database.js';

// The compiled CLI, as `npm start` and the `switchboard` bin run it (npm test builds first).
const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const REDIS_TEST_URL = process.env.SWITCHBOARD_TEST_REDIS_URL;

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'switchboard-workers-'));
}

/** One request on a fresh connection, so node:cluster may hand it to any worker. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const outgoing = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

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

/** Deletes every Redis key under a test's prefix (never FLUSHDB: other tests share the server). */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const missing = [
  ...(POSTGRES_TEST_URL ? [] : ['SWITCHBOARD_TEST_POSTGRES_URL is not set']),
  ...(REDIS_TEST_URL ? [] : ['SWITCHBOARD_TEST_REDIS_URL is not set']),
  ...(configTakesRedis() ? [] : ['the config has no redis section yet']),
];
if (missing.length > 0) console.log(`[skipped] serve --workers 2 on PostgreSQL and Redis: ${missing.join('; ')}`);

describe.skipIf(missing.length > 0)('serve --workers 2 on PostgreSQL and Redis', () => {
  const schema = temporarySchemaName();
  const redisPrefix = `${schema}:`;
  let simulator: RunningSimulator;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    simulator = await startSimulator({ name: 'acme', firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
    const dir = workdir();
    const path = join(dir, 'switchboard.yaml');
    writeFileSync(
      path,
      `server: { host: 127.0.0.1, port: 0 }
store: { url: "${POSTGRES_TEST_URL}", schema: ${schema}, pool_size: 2 }
redis: { url: "${REDIS_TEST_URL}", key_prefix: "${redisPrefix}" }
providers:
  - slug: acme
    name: Acme AI
    adapter: openai
    base_url: ${simulator.baseUrl}
models:
  - id: thudm/glm-4-32b
    name: "THUDM: GLM 4 32B"
    created: 2025-04-17
    context_length: 32768
    endpoints:
      - provider: acme
        upstream_model: glm-4-32b-0414
        pricing: { prompt: 0.24, completion: 0.24 }
`,
    );
    child = spawn(process.execPath, [CLI, 'serve', '--config', path, '--workers', '2'], { cwd: dir, env: { ...process.env, SWITCHBOARD_MANAGEMENT_KEY: '' } });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    await vi.waitFor(() => expect(listeningPids()).toHaveLength(2), { timeout: 60_000, interval: 100 });
  }, 90_000);
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await simulator?.close();
    await dropSchema(schema);
    await deleteRedisKeys(REDIS_TEST_URL!, redisPrefix);
  });

  const listeningPids = (): number[] =>
    stderr
      .split('\n')
      .filter((line) => line.includes('"worker listening"'))
      .map((line) => (JSON.parse(line) as { worker_pid: number }).worker_pid);
  const baseUrl = (): string => /listening on (http:\/\/\S+)/.exec(stdout)![1]!;

  it('migrates and bootstraps once, prints one banner, serves from both workers, and sums their metrics', async () => {
    expect(stdout.match(/Switchboard is listening on/g)).toHaveLength(1);
    expect(stdout.match(/Management key \(shown once/g)).toHaveLength(1);
    const managementKey = /Management key \(shown once, stored hashed; keep it\): (\S+)/.exec(stdout)![1]!;
    const created = await send(`${baseUrl()}/api/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'workers test' }) });
    expect(created.status).toBe(201);
    const apiKey = (JSON.parse(created.body) as { key: string }).key;

    const requests = 12;
    for (let index = 0; index < requests; index += 1) {
      const answer = await send(`${baseUrl()}/api/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: `Question ${index}` }], max_tokens: 10 }),
      });
      expect(answer.status).toBe(200);
    }
    // Connections were spread over both workers (each tags its log lines with its id)…
    await vi.waitFor(() => {
      const servedBy = new Set(stderr.split('\n').filter((entry) => entry.includes('"message":"generation"')).map((entry) => (JSON.parse(entry) as { worker: number }).worker));
      expect(servedBy.size).toBe(2);
    }, { timeout: 30_000, interval: 100 });
    // …and every worker answers /metrics with the aggregate, so any one scrape counts every worker's requests.
    const metrics = await send(`${baseUrl()}/metrics`);
    expect(metrics.status).toBe(200);
    const line = metrics.body.split('\n').find((entry) => entry.startsWith('switchboard_http_requests_total{route="/api/v1/chat/completions",method="POST",status="200"}'));
    expect(Number(line?.split(' ').at(-1))).toBe(requests);

    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await vi.waitFor(async () => {
        const { rows } = await client.query<{ count: string }>('select count(*) as count from generations');
        expect(rows[0]!.count).toBe(String(requests));
      }, { timeout: 30_000, interval: 200 });
      const keys = await client.query<{ count: string }>('select count(*) as count from api_keys where is_management = 1');
      expect(keys.rows[0]!.count).toBe('1');
    } finally {
      await client.end();
    }
  }, 60_000);

  it('never lets 400 concurrent requests through two workers overspend one key limit; usage equals the sum of the records', async () => {
    const managementKey = /Management key \(shown once, stored hashed; keep it\): (\S+)/.exec(stdout)![1]!;
    // About 55 requests' worth: each costs (~12 prompt + at most 10 completion tokens) × $0.24/M.
    const limitUsd = 0.0003;
    const created = await send(`${baseUrl()}/api/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tight', limit: limitUsd }) });
    expect(created.status).toBe(201);
    const { key: apiKey, data } = JSON.parse(created.body) as { key: string; data: { hash: string } };
    const statuses = await Promise.all(
      Array.from({ length: 400 }, (_, index) =>
        send(`${baseUrl()}/api/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: `Question ${index}` }], max_tokens: 10 }),
        }).then((answer) => answer.status),
      ),
    );
    const served = statuses.filter((status) => status === 200).length;
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    expect(served).toBeGreaterThan(10);
    expect(served).toBeLessThan(400);

    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await vi.waitFor(async () => {
        const { rows } = await client.query<{ count: string }>('select count(*) as count from generations where api_key_hash = $1', [data.hash]);
        expect(Number(rows[0]!.count)).toBe(served);
      }, { timeout: 30_000, interval: 200 });
      const records = await client.query<{ sum: string }>('select sum(total_cost) as sum from generations where api_key_hash = $1', [data.hash]);
      const usage = await client.query<{ sum: string }>('select sum(total_cost) as sum from key_daily_usage where api_key_hash = $1', [data.hash]);
      const spent = BigInt(records.rows[0]!.sum);
      console.log(`two workers, 400 concurrent requests: ${served} served, ${spent} of ${BigInt(Math.round(limitUsd * 1e6)) * 1_000_000n} picodollars spent`);
      expect(BigInt(usage.rows[0]!.sum)).toBe(spent);
      expect(spent).toBeLessThanOrEqual(BigInt(Math.round(limitUsd * 1e6)) * 1_000_000n);
    } finally {
      await client.end();
    }
    const key = await send(`${baseUrl()}/api/v1/key`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect((JSON.parse(key.body) as { data: { usage: number } }).data.usage).toBeLessThanOrEqual(limitUsd);
  }, 120_000);

  it('replaces a worker killed with SIGKILL, keeps serving, and shuts down on SIGTERM', async () => {
    const [victim] = listeningPids();
    process.kill(victim!, 'SIGKILL');
    await vi.waitFor(() => expect(listeningPids()).toHaveLength(3), { timeout: 60_000, interval: 100 });
    expect(stderr).toMatch(/worker exited; starting a replacement/);
    expect((await send(`${baseUrl()}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of listeningPids()) expect(() => process.kill(pid, 0)).toThrow();
  }, 90_000);
});
