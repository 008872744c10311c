import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { picodollarsToUsd } from '../spec/money.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }],
    models: [
      // $1 per million tokens, so "hi" with max_tokens 20 may cost (18 + 20) × $0.000001.
      testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 1, completion: 1 }]),
      testModel('thudm/glm-4-32b:free', [{ provider: 'acme', prompt: 0, completion: 0 }]),
    ],
    billing: { credits: true },
  });
});
afterAll(() => harness.close());

async function call(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${harness.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const chat = (model = 'thudm/glm-4-32b') => call('POST', '/chat/completions', harness.apiKey, { model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 20 });

describe('credits (billing.credits: true)', () => {
  it('refuses a paid request with 402 before any upstream call while the balance is empty; free models still work', async () => {
    const before = harness.simulators.acme!.stats.requests;
    const refused = await chat();
    expect(refused.status).toBe(402);
    expect(validateAgainstSpec('/chat/completions', 'post', 402, refused.body)).toEqual([]);
    expect(refused.body.error).toMatchObject({ code: 402, metadata: { limit_source: 'credits', max_affordable_tokens: 0 } });
    expect(String((refused.body.error as { message: string }).message)).toMatch(/Insufficient credits/);
    expect(harness.simulators.acme!.stats.requests).toBe(before);
    expect((await chat('thudm/glm-4-32b:free')).status).toBe(200);
  });

  it('tops up through POST /credits (management key), reports total_credits and total_usage, and debits every request', async () => {
    const topUp = await call('POST', '/credits', harness.managementKey, { amount: 0.0001, note: 'test top-up' });
    expect(topUp.status).toBe(200);
    expect(validateAgainstSpec('/credits', 'get', 200, topUp.body)).toEqual([]);
    expect(topUp.body.data).toEqual({ total_credits: 0.0001, total_usage: 0 });
    // $0.0001 covers two worst cases of $0.000038, not three.
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) statuses.push((await chat()).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(402);
    const balance = await call('GET', '/credits', harness.managementKey);
    expect(validateAgainstSpec('/credits', 'get', 200, balance.body)).toEqual([]);
    const { total_credits: credits, total_usage: used } = balance.body.data as { total_credits: number; total_usage: number };
    expect(credits).toBe(0.0001);
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(credits);
    await harness.gateway.context.generations.flush();
    const generations = await harness.gateway.context.store.generations.listGenerations({ limit: 1000 });
    expect(used).toBe(picodollarsToUsd(generations.reduce((sum, generation) => sum + generation.totalCost, 0n)));
  });

  it('refuses bad top-ups with a clear 400, and non-management keys with 403', async () => {
    for (const [amount, message] of [[-5, /must not be negative/], ['lots', /must be a number of USD/], [0, /more than 0/], [1e12, /at most/]] as const) {
      const response = await call('POST', '/credits', harness.managementKey, { amount });
      expect(response.status).toBe(400);
      expect((response.body.error as { message: string }).message).toMatch(message);
    }
    const forbidden = await call('GET', '/credits', harness.apiKey);
    expect(forbidden.status).toBe(403);
    expect(validateAgainstSpec('/credits', 'get', 403, forbidden.body)).toEqual([]);
    expect((await call('POST', '/credits', harness.apiKey, { amount: 5 })).status).toBe(401);
  });
});
