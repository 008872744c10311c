import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { PrivateRedisServer } from '../shared-state/test-support/private-redis-server.js';
import { randomPrefix, skipWithoutRedis } from '../shared-state/test-support/test-redis.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

const skip = skipWithoutRedis('gateway with shared state in redis (end to end)');

describe.skipIf(skip)('a gateway with redis.url', () => {
  let server: PrivateRedisServer;
  let harness: TestGateway;
  const prefix = randomPrefix();

  beforeAll(async () => {
    server = await PrivateRedisServer.start();
    harness = await startTestGateway({
      providers: [{ slug: 'acme', name: 'Acme AI' }],
      models: [
        testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 1, completion: 1, maxCompletionTokens: 4096 }]),
        testModel('thudm/glm-4-32b:free', [{ provider: 'acme', prompt: 0, completion: 0 }]),
      ],
      // The password is not checked by this Redis (none set) and must never be printed.
      redis: { url: server.url.replace('redis://', 'redis://default:s3cret-pass@'), key_prefix: prefix },
    });
  });
  afterAll(async () => {
    await harness?.close();
    await server?.kill();
  });

  async function createKey(limit: number | null): Promise<string> {
    const response = await fetch(`${harness.baseURL}/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'shared', limit }) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { key: string }).key;
  }

  function chat(key: string, model: string): Promise<Response> {
    return fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 }),
    });
  }

  async function health(): Promise<{ status: string; redis: { ok: boolean; since: string; last_error: string | null } }> {
    return (await (await fetch(`${harness.url}/health`)).json()) as never;
  }

  it('keeps limits in redis, fails closed for paid requests while redis is down, and recovers by itself', async () => {
    expect(await health()).toMatchObject({ status: 'ok', redis: { ok: true, last_error: null } });
    const key = await createKey(0.00005);
    expect((await chat(key, 'thudm/glm-4-32b')).status).toBe(200);
    expect((await chat(key, 'thudm/glm-4-32b')).status).toBe(402);
    // The budget lives in redis, under the configured prefix.
    const probe = new Redis(server.url);
    expect((await probe.keys(`${prefix}ledger:key:*`)).length).toBe(1);
    probe.disconnect();

    await server.kill();
    const other = await createKey(10);
    const refused = await chat(other, 'thudm/glm-4-32b');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    const body = (await refused.json()) as { error: { code: number; message: string; metadata: Record<string, unknown> } };
    expect(body.error).toMatchObject({ code: 503, metadata: { reason: 'budget_store_unavailable' } });
    expect(body.error.message).toMatch(/Spending limits cannot be checked right now/);
    expect((await chat(other, 'thudm/glm-4-32b:free')).status).toBe(200);
    const degraded = await health();
    expect(degraded).toMatchObject({ status: 'degraded', redis: { ok: false } });
    expect(degraded.redis.last_error).toBeTruthy();

    await server.start();
    await expect.poll(async () => (await health()).redis.ok, { timeout: 15_000, interval: 100 }).toBe(true);
    // Back empty: paid requests wait out a short grace (every process writes back the holds of its
    // requests in flight first), then pass again.
    await expect.poll(async () => (await chat(other, 'thudm/glm-4-32b')).status, { timeout: 15_000, interval: 200 }).toBe(200);
    // Rebuilt from the store after the restart: the first key is still over its limit.
    expect((await chat(key, 'thudm/glm-4-32b')).status).toBe(402);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_redis_command_duration_seconds_count\{operation="ledger_reserve",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/switchboard_redis_command_duration_seconds_count\{operation="ledger_reserve",outcome="error"\} [1-9]/);
    const transitions = harness.logs.filter((line) => /^redis is (up|down)/.test(line.message));
    expect(transitions.map((line) => line.message.slice(0, 13))).toEqual(['redis is up: ', 'redis is down', 'redis is up: ']);
    expect(JSON.stringify(harness.logs)).not.toContain('s3cret-pass');
  });
});
