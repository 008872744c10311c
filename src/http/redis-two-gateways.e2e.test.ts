import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { picodollarsToUsd, usdToPicodollars } from '../spec/money.js';
import { connectTestRedis, deletePrefix, randomPrefix, skipWithoutRedis, TEST_REDIS_URL } from '../shared-state/test-support/test-redis.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

const skip = skipWithoutRedis('two gateways sharing one key limit through redis (end to end)');

describe.skipIf(skip)('two gateway processes sharing a store and Redis', () => {
  const prefix = randomPrefix();
  let directory: string;
  let gateways: TestGateway[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'switchboard-redis-'));
    const storeUrl = `sqlite:${join(directory, 'shared.db')}`;
    const options = {
      // Some latency, so that requests on both gateways really overlap upstream.
      providers: [{ slug: 'acme', name: 'Acme AI', simulator: { firstTokenLatencyMs: 30, tokensPerSecond: 2000 } }],
      models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 1, completion: 1, maxCompletionTokens: 4096 }])],
      redis: { url: TEST_REDIS_URL, key_prefix: prefix },
      storeUrl,
    };
    const first = await startTestGateway(options);
    const second = await startTestGateway({ ...options, managementKey: first.managementKey });
    gateways = [first, second];
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    const connection = await connectTestRedis(prefix);
    await deletePrefix(connection);
    await connection.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('400 concurrent requests split across both never push the key past its limit; usage equals the sum of generation costs', async () => {
    const [first, second] = gateways as [TestGateway, TestGateway];
    const created = await fetch(`${first.baseURL}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.managementKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'shared', limit: 0.002 }),
    });
    expect(created.status).toBe(201);
    const { key, data } = (await created.json()) as { key: string; data: { hash: string } };
    const statuses = await Promise.all(
      Array.from({ length: 400 }, async (_, index) => {
        const gateway = gateways[index % 2]!;
        const response = await fetch(`${gateway.baseURL}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, stream: index % 4 < 2 }),
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    const served = statuses.filter((status) => status === 200).length;
    expect(statuses.every((status) => status === 200 || status === 402)).toBe(true);
    expect(served).toBeGreaterThan(20);
    expect(statuses.filter((status) => status === 402).length).toBeGreaterThan(0);
    for (const gateway of gateways) await gateway.gateway.context.generations.flush();
    const records = await first.gateway.context.store.generations.listGenerations({ apiKeyHash: data.hash, limit: 10_000 });
    expect(records.filter((record) => record.totalCost > 0n)).toHaveLength(served);
    const spent = records.reduce((sum, record) => sum + record.totalCost, 0n);
    expect(spent).toBeLessThanOrEqual(usdToPicodollars('0.002')!);
    const keyInfo = (await (await fetch(`${second.baseURL}/key`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { usage: number } };
    expect(keyInfo.data.usage).toBeCloseTo(picodollarsToUsd(spent), 12);
    // Settlements are written to Redis after the response: every hold is gone once they land.
    for (const gateway of gateways) await expect.poll(() => gateway.gateway.context.ledger.reserved(data.hash), { timeout: 10_000 }).toBe(0n);
  });
});
