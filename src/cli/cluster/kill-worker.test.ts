import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../../simulator/start-simulator.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import { picodollarsToUsd, usdToPicodollars } from '../../spec/money.js';
import { openStore } from '../../store/open-store.js';
import type { GenerationRecord } from '../../store/store-types.js';
import { dropSchema, POSTGRES_TEST_URL, temporarySchemaName } from '../../store/test-support/postgres-test-database.js';
import { createApiKey } from './test-support/api-keys.js';
import { PAID_MODEL, writeClusterConfig } from './test-support/cluster-config.js';
import { workdir } from './test-support/compiled-cli.js';
import { deleteRedisKeys } from './test-support/delete-redis-keys.js';
import { RunningCluster } from './test-support/running-cluster.js';
import { send } from './test-support/send-request.js';

/**
 * Issue 7: "kill -9 of one process mid-load loses no settled usage". Two workers on PostgreSQL
 * and Redis serve a steady stream of chat requests (streamed and not) to a simulated upstream
 * that takes ~250 ms per answer, so requests are always in flight; one worker is SIGKILLed
 * mid-load while it holds answered but unflushed records (the writer's flush interval is raised
 * to 2 s, so it surely does), and the load goes on through the other worker and the
 * replacement. Every request answered in full must have its record in the store, each once,
 * with the key's usage rollup equal to the records' costs and within the key's limit. The same
 * run with `store.journal: false` is the control: there the killed worker's records are lost.
 */

const REDIS_TEST_URL = process.env.SWITCHBOARD_TEST_REDIS_URL;
const missing = [...(POSTGRES_TEST_URL ? [] : ['SWITCHBOARD_TEST_POSTGRES_URL is not set']), ...(REDIS_TEST_URL ? [] : ['SWITCHBOARD_TEST_REDIS_URL is not set'])];
if (missing.length > 0) console.log(`[skipped] kill -9 of a worker mid-load: ${missing.join('; ')}`);

/** Requests sent, one every SPACING_MS; the victim is killed after KILL_AFTER of them. */
const REQUESTS = 300;
const SPACING_MS = 10;
const KILL_AFTER = 120;
/** About 200 requests' worth (each ~12 prompt + 10 completion tokens at $0.24 per million): the last ones get 402. */
const LIMIT_USD = 0.001;
const FLUSH_INTERVAL_MS = 2_000;

function picodollars(usd: string | number): bigint {
  const amount = usdToPicodollars(usd);
  if (amount === null) throw new Error(`not a USD amount: ${usd}`);
  return amount;
}
const LIMIT = picodollars(LIMIT_USD);

interface Answer {
  index: number;
  streamed: boolean;
  status: number;
  generationId: string;
  /** The whole answer arrived: a JSON body, or a stream through `data: [DONE]`. */
  complete: boolean;
}

/** One chat request on its own connection; a reset or timeout is status 0, an incomplete stream not complete. */
function chatRequest(baseUrl: string, apiKey: string, index: number): Promise<Answer> {
  const streamed = index % 2 === 0;
  const body = JSON.stringify({ model: PAID_MODEL, messages: [{ role: 'user', content: `Question ${index}` }], max_tokens: 10, stream: streamed });
  return new Promise((resolve) => {
    let status = 0;
    let generationId = '';
    let text = '';
    const done = (): void => {
      const complete = status === 200 && (streamed ? text.includes('data: [DONE]') : text.endsWith('}'));
      resolve({ index, streamed, status, generationId, complete });
    };
    const outgoing = request(`${baseUrl}/api/v1/chat/completions`, {
      method: 'POST', agent: false, timeout: 30_000,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    }, (response) => {
      status = response.statusCode ?? 0;
      const header = response.headers['x-generation-id'];
      generationId = typeof header === 'string' ? header : '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', done);
      response.on('error', done);
      response.on('aborted', done);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', () => resolve({ index, streamed, status: 0, generationId, complete: false }));
    outgoing.end(body);
  });
}

interface KillRun {
  answers: Answer[];
  victim: number;
  keyHash: string;
  cluster: RunningCluster;
  /** The key's records in the store once every live worker flushed. */
  records: GenerationRecord[];
  /** key_daily_usage: the key's summed cost and request count. */
  rollup: { cost: bigint; requests: number };
  /** The Redis ledger's view of the key's spend (its `total`). */
  ledgerTotal: bigint;
  /** GET /api/v1/key usage, in picodollars. */
  keyUsage: bigint;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function killWorkerMidLoad(journal: boolean): Promise<KillRun> {
  const schema = temporarySchemaName();
  const redisPrefix = `${schema}:`;
  const simulator: RunningSimulator = await startSimulator({ name: 'acme', firstTokenLatencyMs: 150, latencyJitter: 0.3, tokensPerSecond: 100 });
  const dir = workdir();
  const configPath = writeClusterConfig(dir, { postgresUrl: POSTGRES_TEST_URL!, schema, redisUrl: REDIS_TEST_URL!, redisPrefix, upstreamBaseUrl: simulator.baseUrl });
  // The store section gets the raised flush interval (and the journal switch).
  const config = readFileSync(configPath, 'utf8');
  const storeSettings = `pool_size: 2, flush_interval_ms: ${FLUSH_INTERVAL_MS}${journal ? '' : ', journal: false'} }`;
  expect(config).toContain('pool_size: 2 }');
  writeFileSync(configPath, config.replace('pool_size: 2 }', storeSettings));
  const cluster = await RunningCluster.start({ configPath, dir, workers: 2 });
  cleanups.push(async () => {
    cluster.stop();
    await simulator.close();
    await dropSchema(schema);
    await deleteRedisKeys(REDIS_TEST_URL!, redisPrefix);
  });
  const baseUrl = cluster.baseUrl();
  const { key: apiKey, hash: keyHash } = await createApiKey(baseUrl, cluster.managementKey(), { name: 'kill -9', limit: LIMIT_USD });

  const [victim] = cluster.listeningPids();
  const inFlight: Promise<Answer>[] = [];
  for (let index = 0; index < REQUESTS; index += 1) {
    if (index === KILL_AFTER) process.kill(victim!, 'SIGKILL');
    inFlight.push(chatRequest(baseUrl, apiKey, index));
    await sleep(SPACING_MS);
  }
  const answers = await Promise.all(inFlight);
  // The primary forks a replacement, which replays the victim's journal before it serves.
  await vi.waitFor(() => expect(cluster.listeningPids()).toHaveLength(3), { timeout: 60_000, interval: 100 });

  const store = await openStore(POSTGRES_TEST_URL!, { schema, migrate: false, poolSize: 1 });
  try {
    const served = answers.filter((answer) => answer.complete).length;
    let records: GenerationRecord[] = [];
    // The live workers flush within the interval; the journal's records land at the replacement's start (or a sweep).
    const settleBy = Date.now() + (journal ? 30_000 : 3 * FLUSH_INTERVAL_MS + 2_000);
    for (;;) {
      records = await store.generations.listGenerations({ apiKeyHash: keyHash, limit: 100_000 });
      if (records.length >= served || Date.now() > settleBy) break;
      await sleep(200);
    }
    // Settled now: a last look after one more flush interval, so nothing is still on its way.
    await sleep(FLUSH_INTERVAL_MS + 500);
    records = await store.generations.listGenerations({ apiKeyHash: keyHash, limit: 100_000 });
    const rollup = (await store.usage.usageRollup({ sinceDay: '0000-01-01', apiKeyHash: keyHash, groupBy: [] }))[0];
    const redis = new Redis(REDIS_TEST_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const ledgerTotal = BigInt((await redis.hget(`${redisPrefix}ledger:key:${keyHash}`, 'total')) ?? '0');
    redis.disconnect();
    const key = await send(`${baseUrl}/api/v1/key`, { headers: { authorization: `Bearer ${apiKey}` } });
    const keyUsage = picodollars((JSON.parse(key.body) as { data: { usage: number } }).data.usage);
    return { answers, victim: victim!, keyHash, cluster, records, rollup: { cost: rollup?.cost ?? 0n, requests: rollup?.requests ?? 0 }, ledgerTotal, keyUsage };
  } finally {
    await store.close();
  }
}

describe.skipIf(missing.length > 0)('kill -9 of a worker mid-load (serve --workers 2, PostgreSQL, Redis)', () => {
  it('loses no answered request\'s record: the replacement replays the killed worker\'s journal', async () => {
    const run = await killWorkerMidLoad(true);
    const answered = run.answers.filter((answer) => answer.complete);
    const broken = run.answers.filter((answer) => !answer.complete && answer.status !== 402);
    const recordIds = new Set(run.records.map((record) => record.id));
    const spent = run.records.reduce((sum, record) => sum + record.totalCost, 0n);
    const replayed = run.cluster.logLines('replayed generation records from the journal of a stopped process').filter((line) => line.owner_pid === run.victim);
    const replayedRecords = replayed.reduce((sum, line) => sum + (line.records as number), 0);
    console.log(
      `kill -9 with the journal: ${answered.length} answered in full (${answered.filter((answer) => answer.streamed).length} streamed), `
      + `${run.answers.filter((answer) => answer.status === 402).length} refused (402), ${broken.length} cut by the kill; `
      + `${run.records.length} records, ${replayedRecords} of them replayed from the victim's journal by worker ${String(replayed[0]?.worker)}; `
      + `spent ${spent} of ${LIMIT} picodollars; key_daily_usage ${run.rollup.cost}; Redis ledger total ${run.ledgerTotal}; /key usage ${run.keyUsage}`,
    );
    // The kill really cut requests, and the victim really held answered records nobody had flushed.
    expect(broken.length).toBeGreaterThan(0);
    expect(answered.length).toBeGreaterThan(50);
    expect(replayedRecords).toBeGreaterThan(0);
    // Every request answered in full has its record: matched by X-Generation-Id.
    expect(answered.filter((answer) => !recordIds.has(answer.generationId)).map((answer) => answer.generationId)).toEqual([]);
    // A record beyond those can only be a request the kill cut after its record was journaled (its answer never arrived whole).
    expect(run.records.length - answered.length).toBeGreaterThanOrEqual(0);
    expect(run.records.length - answered.length).toBeLessThanOrEqual(broken.length);
    // Each once: the rollup counts every record one time and sums their costs exactly.
    expect(run.rollup).toEqual({ cost: spent, requests: run.records.length });
    expect(spent).toBeLessThanOrEqual(LIMIT);
    // /key reports the store plus the answering worker's pending records: all flushed by now.
    expect(run.keyUsage).toBe(picodollars(picodollarsToUsd(spent)));
    // The Redis ledger was settled before each response left the killed worker, so it agrees too.
    expect(run.ledgerTotal).toBe(spent);
  }, 180_000);

  it('(control) without the journal, the killed worker\'s answered records are lost', async () => {
    const run = await killWorkerMidLoad(false);
    const answered = run.answers.filter((answer) => answer.complete);
    const recordIds = new Set(run.records.map((record) => record.id));
    const lost = answered.filter((answer) => !recordIds.has(answer.generationId));
    const spent = run.records.reduce((sum, record) => sum + record.totalCost, 0n);
    console.log(`kill -9 without the journal: ${answered.length} answered in full, ${lost.length} of them have no record; store spent ${spent}, Redis ledger total ${run.ledgerTotal}`);
    expect(lost.length).toBeGreaterThan(0);
    // The shared ledger had settled them: the store undercounts what the key really spent.
    expect(run.ledgerTotal).toBeGreaterThan(spent);
  }, 180_000);
});
