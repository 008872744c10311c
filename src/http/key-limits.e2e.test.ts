import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { picodollarsToUsd } from '../spec/money.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;
const clock = { now: Date.parse('2025-03-13T23:58:00Z') };

beforeAll(async () => {
  harness = await startTestGateway({
    // A little latency so that concurrent requests really overlap upstream.
    providers: [{ slug: 'acme', name: 'Acme AI', simulator: { firstTokenLatencyMs: 30, tokensPerSecond: 2000 } }],
    models: [
      // $1 per million tokens: 1,000,000 picodollars per token.
      testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 1, completion: 1, maxCompletionTokens: 4096 }]),
      testModel('thudm/glm-4-32b:free', [{ provider: 'acme', prompt: 0, completion: 0 }]),
    ],
    billing: { free_tier: { requests_per_minute: 3, requests_per_day: 5 } },
    now: () => clock.now,
  });
});
afterAll(() => harness.close());

async function createKey(body: Record<string, unknown>): Promise<{ key: string; hash: string }> {
  const response = await fetch(`${harness.baseURL}/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(201);
  const created = (await response.json()) as { key: string; data: { hash: string } };
  return { key: created.key, hash: created.data.hash };
}

function chat(key: string, body: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${harness.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, ...body }),
    ...(signal ? { signal } : {}),
  });
}

async function currentKey(key: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${harness.baseURL}/key`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json()) as { data: Record<string, unknown> };
  expect(validateAgainstSpec('/key', 'get', 200, body)).toEqual([]);
  return body.data;
}

async function storedGenerations(hash: string) {
  await harness.gateway.context.generations.flush();
  return harness.gateway.context.store.generations.listGenerations({ apiKeyHash: hash, limit: 10_000 });
}

describe('key limits', () => {
  it('answers 402 before any upstream call once the limit cannot cover the request', async () => {
    // "hi" bounds to 18 prompt tokens; with max_tokens 20 a request may cost 38 × $0.000001.
    const { key } = await createKey({ name: 'tiny', limit: 0.00005 });
    const upstreamBefore = harness.simulators.acme!.stats.requests;
    expect((await chat(key)).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(402);
    const body = (await refused.json()) as { error: { code: number; message: string; metadata: Record<string, unknown> } };
    expect(validateAgainstSpec('/chat/completions', 'post', 402, body)).toEqual([]);
    expect(body.error.code).toBe(402);
    expect(body.error.message).toMatch(/Key limit exceeded/);
    expect(body.error.metadata).toMatchObject({ error_type: 'payment_required', limit_source: 'key' });
    expect(harness.simulators.acme!.stats.requests).toBe(upstreamBefore + 1);
    // Asking for fewer tokens fits what is left.
    const data = await currentKey(key);
    expect(data.limit).toBe(0.00005);
    expect(data.limit_remaining).toBeGreaterThan(0);
    expect(data.limit_remaining).toBeCloseTo(0.00005 - (data.usage as number), 12);
    expect((await chat(key, { max_tokens: 2 })).status).toBe(200);
  });

  it('answers 401 for an expired or a disabled key', async () => {
    const expired = await harness.gateway.context.keys.create({ name: 'old', limit: null, limitReset: null, expiresAt: clock.now - 1, isManagement: false });
    const response = await chat(expired.plaintext);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/expired/);

    const { key, hash } = await createKey({ name: 'to disable' });
    expect((await chat(key)).status).toBe(200);
    await fetch(`${harness.baseURL}/keys/${hash}`, { method: 'PATCH', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    const disabled = await chat(key);
    expect(disabled.status).toBe(401);
    expect(((await disabled.json()) as { error: { message: string } }).error.message).toMatch(/disabled/);
  });

  it('refuses bad limits, reset periods and expiry dates with a clear 400', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'x', limit: -1 }, /limit must not be negative/],
      [{ name: 'x', limit: 'ten' }, /limit must be a number/],
      [{ name: 'x', limit: 1e15 }, /limit must be at most/],
      [{ name: 'x', limit: 5, limit_reset: 'yearly' }, /limit_reset must be daily, weekly, monthly or null/],
      [{ name: 'x', expires_at: 'next tuesday' }, /expires_at must be an ISO 8601/],
    ];
    for (const [body, message] of cases) {
      const response = await fetch(`${harness.baseURL}/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('a daily limit resets at UTC midnight (the gateway\'s clock)', async () => {
    clock.now = Date.parse('2025-03-13T23:58:00Z');
    const { key } = await createKey({ name: 'daily', limit: 0.00004, limit_reset: 'daily' });
    expect((await chat(key)).status).toBe(200);
    expect((await chat(key)).status).toBe(402);
    const before = await currentKey(key);
    expect(before.usage_daily).toBe(before.usage);
    clock.now = Date.parse('2025-03-14T00:00:01Z');
    const after = await currentKey(key);
    expect(after.usage_daily).toBe(0);
    expect(after.usage).toBe(before.usage);
    expect(after.limit_remaining).toBe(0.00004);
    expect((await chat(key)).status).toBe(200);
  });
});

describe('never overspend', () => {
  it('200 concurrent requests against a limit that covers 50 stay within it, each counted once', async () => {
    // The worst case of each request: (18 prompt + 20 completion) × 1,000,000 picodollars.
    const worstCase = 38_000_000n;
    const limit = 50n * worstCase;
    const { key, hash } = await createKey({ name: 'concurrent', limit: picodollarsToUsd(limit) });
    const upstreamBefore = harness.simulators.acme!.stats.requests;
    const responses = await Promise.all(Array.from({ length: 200 }, () => chat(key, { stream: Math.random() < 0.5 })));
    const statuses = await Promise.all(responses.map(async (response) => {
      await response.text();
      return response.status;
    }));
    const succeeded = statuses.filter((status) => status === 200).length;
    expect(succeeded + statuses.filter((status) => status === 402).length).toBe(200);
    expect(succeeded).toBeGreaterThanOrEqual(50);
    // A refused request never reached the upstream.
    expect(harness.simulators.acme!.stats.requests - upstreamBefore).toBe(succeeded);
    const generations = await storedGenerations(hash);
    expect(generations).toHaveLength(succeeded);
    const spent = generations.reduce((sum, generation) => sum + generation.totalCost, 0n);
    expect(spent).toBeLessThanOrEqual(limit);
    expect(spent).toBeGreaterThan(0n);
    const data = await currentKey(key);
    expect(data.usage).toBe(picodollarsToUsd(spent));
    expect(await harness.gateway.context.ledger.reserved(hash)).toBe(0n);
  });
});

describe('cancelled and failed requests', () => {
  it('records a non-streamed request the client cancelled, without charging it', async () => {
    harness.simulators.acme!.update({ firstTokenLatencyMs: 2_000 });
    try {
      const { key, hash } = await createKey({ name: 'canceller', limit: 1 });
      const controller = new AbortController();
      const pending = chat(key, {}, controller.signal).catch((error: unknown) => error);
      await vi.waitFor(() => expect(harness.simulators.acme!.stats.activeStreams + harness.simulators.acme!.requests.length).toBeGreaterThan(0));
      await new Promise((resolve) => setTimeout(resolve, 100));
      controller.abort();
      await pending;
      await vi.waitFor(async () => expect(await storedGenerations(hash)).toHaveLength(1), { timeout: 10_000 });
      const [record] = await storedGenerations(hash);
      expect(record).toMatchObject({ cancelled: true, streamed: false, totalCost: 0n, finishReason: null });
      expect(await harness.gateway.context.ledger.reserved(hash)).toBe(0n);
    } finally {
      harness.simulators.acme!.update({ firstTokenLatencyMs: 30 });
    }
  });
});

describe('free tier', () => {
  it('limits free models per key per minute, then per day, with Retry-After and the limit named', async () => {
    clock.now = Date.parse('2025-03-14T10:00:00Z');
    const { key } = await createKey({ name: 'free rider' });
    const free = { model: 'thudm/glm-4-32b:free' };
    for (let index = 0; index < 3; index += 1) expect((await chat(key, free)).status).toBe(200);
    const limited = await chat(key, free);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    const body = (await limited.json()) as { error: { message: string; metadata: Record<string, unknown> } };
    expect(validateAgainstSpec('/chat/completions', 'post', 429, body)).toEqual([]);
    expect(body.error.message).toMatch(/free-models-per-minute/);
    expect(body.error.metadata).toMatchObject({ limit: 'free-models-per-minute', error_type: 'rate_limit_exceeded' });
    // Paid models are not limited by it.
    expect((await chat(key)).status).toBe(200);
    clock.now += 60_000;
    for (let index = 0; index < 2; index += 1) expect((await chat(key, free)).status).toBe(200);
    const daily = await chat(key, free);
    expect(daily.status).toBe(429);
    expect(((await daily.json()) as { error: { metadata: Record<string, unknown> } }).error.metadata.limit).toBe('free-models-per-day');
    expect(daily.headers.get('retry-after')).toBe(String((Date.parse('2025-03-15T00:00:00Z') - clock.now) / 1000));
  });
});
