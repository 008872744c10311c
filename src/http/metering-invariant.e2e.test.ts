import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { picodollarsToUsd } from '../spec/money.js';
import type { GenerationRecord } from '../store/store-types.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * The accounting invariant after a randomised run of streamed, cancelled, failed and
 * fallen-back requests: every request has exactly one record, and
 * sum(generation costs) = the key's usage = the credits used, to the picodollar.
 */

let harness: TestGateway;
let key: { plaintext: string; hash: string };

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [
      // Slow enough (400 tokens/s) that a client can leave in the middle of an answer.
      { slug: 'steady', name: 'Steady', simulator: { firstTokenLatencyMs: 20, tokensPerSecond: 400 } },
      { slug: 'broken', name: 'Broken', config: { headers: { 'x-sim-error': '503' } } },
      { slug: 'midfail', name: 'Midfail', simulator: { firstTokenLatencyMs: 10, tokensPerSecond: 400 }, config: { headers: { 'x-sim-fail-mid-stream': 'error-event' } } },
    ],
    models: [
      testModel('acme/fallback', [{ provider: 'broken', prompt: 0.1, completion: 0.1 }, { provider: 'steady', prompt: 1, completion: 2 }]),
      testModel('acme/dead', [{ provider: 'broken', prompt: 1, completion: 1 }]),
      testModel('acme/flaky', [{ provider: 'midfail', prompt: 1, completion: 1, request: 0.00001 }]),
      testModel('acme/plain', [{ provider: 'steady', prompt: 0.5, completion: 1.5 }]),
    ],
    billing: { credits: true },
  });
  await harness.gateway.context.store.credits.addCredits(10_000_000_000_000n, Date.now(), 'test');
  const created = await harness.gateway.context.keys.create({ name: 'invariant', limit: 5_000_000_000_000n, limitReset: 'weekly', expiresAt: null, isManagement: false });
  key = { plaintext: created.plaintext, hash: created.record.hash };
});
afterAll(() => harness.close());

/** A small seeded generator, so a failing run can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

async function runOne(random: () => number, index: number): Promise<number> {
  const models = ['acme/fallback', 'acme/dead', 'acme/flaky', 'acme/plain'];
  const model = models[Math.floor(random() * models.length)]!;
  const stream = random() < 0.6;
  const cancelAfterMs = random() < 0.3 ? 5 + Math.floor(random() * 80) : null;
  const attributed = random() < 0.5;
  const maxTokens = 40 + Math.floor(random() * 80);
  return postChat(
    { authorization: `Bearer ${key.plaintext}`, ...(attributed ? { 'http-referer': 'https://notes.example.com/', 'x-title': 'Notes' } : {}) },
    { model, stream, max_tokens: maxTokens, messages: [{ role: 'user', content: `Request ${index}: tell me about rivers.` }] },
    cancelAfterMs,
  );
}

/** One chat call, aborted by the client after `cancelAfterMs` when given; its status, or 0 when it was cut. */
async function postChat(headers: Record<string, string>, body: unknown, cancelAfterMs: number | null): Promise<number> {
  const controller = new AbortController();
  const timer = cancelAfterMs === null ? undefined : setTimeout(() => controller.abort(), cancelAfterMs);
  try {
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    await response.text();
    return response.status;
  } catch {
    return 0;
  } finally {
    clearTimeout(timer);
  }
}

async function json(path: string, bearer: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${harness.baseURL}${path}`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as Record<string, unknown>;
}

describe('metering invariant', () => {
  it('sum(generation costs) = key usage = credits used after a randomised run', async () => {
    const random = seededRandom(20_250_713);
    const total = 96;
    // Count admissions: a client may leave before its request is even admitted (then nothing is recorded).
    const { metering } = harness.gateway.context;
    const admit = metering.admit.bind(metering);
    let admitted = 0;
    metering.admit = async (request) => {
      const admission = await admit(request);
      admitted += 1;
      return admission;
    };
    const statuses: number[] = [];
    for (let batch = 0; batch < total / 8; batch += 1) {
      statuses.push(...(await Promise.all(Array.from({ length: 8 }, (_, offset) => runOne(random, batch * 8 + offset)))));
    }
    // Every admitted request (the budgets cover them all) ends with exactly one record,
    // cancelled ones a little after their client left.
    let records: GenerationRecord[] = [];
    await vi.waitFor(async () => {
      records = await harness.gateway.context.stats.recentGenerations({ apiKeyHash: key.hash, limit: 1_000 });
      expect(records).toHaveLength(admitted);
    }, { timeout: 60_000, interval: 100 });
    expect(admitted).toBeGreaterThanOrEqual(total - statuses.filter((status) => status === 0).length);
    expect(new Set(records.map((record) => record.id)).size).toBe(admitted);
    expect(await harness.gateway.context.ledger.reserved(key.hash)).toBe(0n);
    expect(await harness.gateway.context.ledger.reservedAgainstCredits()).toBe(0n);

    const spent = records.reduce((sum, record) => sum + record.totalCost, 0n);
    const kinds = {
      streamed: records.filter((record) => record.streamed).length,
      cancelled: records.filter((record) => record.cancelled).length,
      failedMidStream: records.filter((record) => record.finishReason === 'error' && record.endpointId !== null).length,
      allAttemptsFailed: records.filter((record) => record.endpointId === null && !record.cancelled).length,
      fellBack: records.filter((record) => record.endpointId !== null && record.attempts.length > 1).length,
    };
    console.log(`metering invariant: ${total} requests, ${admitted} admitted (${JSON.stringify(kinds)}), statuses ${JSON.stringify(countBy(statuses))}, total cost ${spent} picodollars`);
    expect(kinds.cancelled).toBeGreaterThan(0);
    expect(kinds.failedMidStream).toBeGreaterThan(0);
    expect(kinds.allAttemptsFailed).toBeGreaterThan(0);
    expect(kinds.fellBack).toBeGreaterThan(0);
    expect(spent).toBeGreaterThan(0n);
    // Nothing unserved is charged.
    for (const record of records.filter((entry) => entry.endpointId === null)) expect(record.totalCost).toBe(0n);
    // A failed and a cancelled request's records read back in the spec's shape.
    for (const record of [records.find((entry) => entry.endpointId === null && !entry.cancelled)!, records.find((entry) => entry.cancelled)!]) {
      const generation = await json(`/generation?id=${record.id}`, key.plaintext);
      expect(validateAgainstSpec('/generation', 'get', 200, generation)).toEqual([]);
      expect(generation.data).toMatchObject({ id: record.id, total_cost: picodollarsToUsd(record.totalCost), cancelled: record.cancelled });
    }

    const keyData = (await json('/key', key.plaintext)).data as Record<string, unknown>;
    expect(keyData.usage).toBe(picodollarsToUsd(spent));
    expect(keyData.usage_weekly).toBe(picodollarsToUsd(spent));
    const credits = (await json('/credits', harness.managementKey)).data as Record<string, unknown>;
    expect(credits.total_usage).toBe(picodollarsToUsd(spent));

    // Exact, once everything is in the store: the rollups agree to the picodollar.
    await harness.gateway.context.generations.flush();
    const { store } = harness.gateway.context;
    expect((await store.usage.keyUsage(key.hash, { day: '1970-01-01', week: '1970-01-01', month: '1970-01-01' })).total).toBe(spent);
    expect(await store.usage.totalUsage()).toBe(spent);
    const activity = await harness.gateway.context.stats.activity({ apiKeyHash: key.hash, sinceDay: '2000-01-01', untilDay: '2999-12-31' });
    expect(activity.reduce((sum, row) => sum + row.cost, 0n)).toBe(spent);
    expect(activity.reduce((sum, row) => sum + row.requests, 0)).toBe(admitted);

    // App attribution: the attributed requests' tokens, per app.
    const attributed = records.filter((record) => record.httpReferer === 'https://notes.example.com/');
    const [notes] = await harness.gateway.context.stats.topApps('week', 5);
    expect(notes).toMatchObject({ appKey: 'https://notes.example.com/', name: 'Notes', referer: 'https://notes.example.com/', requests: attributed.length });
    expect(notes!.totalTokens).toBe(attributed.reduce((sum, record) => sum + record.tokensPrompt + record.tokensCompletion, 0));
  }, 120_000);

  it('GET /activity: the key\'s own rows, every key\'s for a management key, in the spec\'s shape', async () => {
    const own = await json('/activity', key.plaintext);
    expect(validateAgainstSpec('/activity', 'get', 200, own)).toEqual([]);
    const rows = own.data as { model: string; endpoint_id: string; provider_name: string; requests: number; usage: number }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((row) => row.provider_name))).toEqual(new Set(['Steady', 'Midfail']));
    const all = await json('/activity?group_by=workspace', harness.managementKey);
    expect(validateAgainstSpec('/activity', 'get', 200, all)).toEqual([]);
    expect((all.data as { workspace_id: string }[]).every((row) => row.workspace_id === 'default')).toBe(true);
    const otherKey = await json('/activity', harness.apiKey);
    expect(otherKey.data).toEqual([]);
    const bad = await fetch(`${harness.baseURL}/activity?date=2020-01-01`, { headers: { authorization: `Bearer ${key.plaintext}` } });
    expect(bad.status).toBe(400);
    expect(validateAgainstSpec('/activity', 'get', 400, await bad.json())).toEqual([]);
    const forbidden = await fetch(`${harness.baseURL}/activity?api_key_hash=${'0'.repeat(64)}`, { headers: { authorization: `Bearer ${key.plaintext}` } });
    expect(forbidden.status).toBe(403);
  });

  it('GET /models/{author}/{slug}/endpoints shows uptime, latency and throughput from the traffic', async () => {
    const body = await json('/models/acme/fallback/endpoints', key.plaintext);
    expect(validateAgainstSpec('/models/{author}/{slug}/endpoints', 'get', 200, body)).toEqual([]);
    const endpoints = (body.data as { endpoints: Record<string, unknown>[] }).endpoints;
    const broken = endpoints.find((endpoint) => endpoint.provider_name === 'Broken')!;
    const steady = endpoints.find((endpoint) => endpoint.provider_name === 'Steady')!;
    expect(broken.uptime_last_30m).toBe(0);
    expect(broken.latency_last_30m).toBeNull();
    expect(steady.uptime_last_30m).toBe(100);
    const latency = steady.latency_last_30m as { p50: number; p99: number };
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    expect((steady.throughput_last_30m as { p50: number }).p50).toBeGreaterThan(0);
  });
});

describe('never overspend, with disconnects and failures', () => {
  it('200 concurrent requests (streamed, cancelled, failing mid-stream, falling back) never push usage past the limit', async () => {
    // A limit of 50 × (80 prompt × $0.5/M + 60 completion × $1.5/M): a few dozen of these
    // requests' worst cases (the models' prices and fees differ), far fewer than 200.
    const limit = 50n * (80n * 500_000n + 60n * 1_500_000n);
    const created = await harness.gateway.context.keys.create({ name: 'tight', limit, limitReset: null, expiresAt: null, isManagement: false });
    const { hash } = created.record;
    const { metering } = harness.gateway.context;
    const admit = metering.admit.bind(metering);
    let admitted = 0;
    metering.admit = async (request) => {
      const admission = await admit(request);
      if (request.key.hash === hash) admitted += 1;
      return admission;
    };
    const random = seededRandom(7);
    const statuses = await Promise.all(Array.from({ length: 200 }, async (_, index) => {
      const model = ['acme/plain', 'acme/flaky', 'acme/fallback'][index % 3]!;
      const cancelAfter = random() < 0.25 ? 10 + Math.floor(random() * 100) : null;
      const stream = random() < 0.6;
      return postChat({ authorization: `Bearer ${created.plaintext}` }, { model, stream, max_tokens: 60, messages: [{ role: 'user', content: `Concurrent ${index}` }] }, cancelAfter);
    }));
    let records: GenerationRecord[] = [];
    await vi.waitFor(async () => {
      records = await harness.gateway.context.stats.recentGenerations({ apiKeyHash: hash, limit: 1_000 });
      expect(records).toHaveLength(admitted);
    }, { timeout: 60_000, interval: 100 });
    metering.admit = admit;
    const spent = records.reduce((sum, record) => sum + record.totalCost, 0n);
    console.log(`never overspend: statuses ${JSON.stringify(countBy(statuses))}, ${admitted} admitted, spent ${spent} of ${limit} picodollars`);
    expect(statuses.filter((status) => status === 402).length).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(await harness.gateway.context.ledger.reserved(hash)).toBe(0n);
    const keyData = (await json('/key', created.plaintext)).data as Record<string, unknown>;
    expect(keyData.usage).toBe(picodollarsToUsd(spent));
  }, 120_000);
});

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
