import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { picodollarsToUsd } from '../spec/money.js';
import { dropSchema, requirePostgresUrl, skipWithoutPostgres, temporarySchemaName } from '../store/test-support/postgres-test-database.js';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

const skip = skipWithoutPostgres('gateway on a PostgreSQL store');

describe.skipIf(skip)('a gateway on a PostgreSQL store', () => {
  const schema = temporarySchemaName();
  let harness: TestGateway;
  const json = async (path: string, key: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${harness.baseURL}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    harness = await startTestGateway({
      store: { url: requirePostgresUrl(), schema, pool_size: 4 },
      providers: [{ slug: 'acme', name: 'Acme AI' }],
      models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414', prompt: 0.24, completion: 0.24 }])],
    });
  });
  afterAll(async () => {
    await harness?.close();
    await dropSchema(schema);
  });

  it('meters a chat completion into PostgreSQL: /generation, /key usage and /activity agree to the picodollar', async () => {
    const completion = await harness.client.chat.completions.create({
      model: 'thudm/glm-4-32b',
      messages: [{ role: 'user', content: 'Name three rivers in Europe.' }],
      max_tokens: 40,
    });
    const sent = harness.simulators.acme!.requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: 'glm-4-32b-0414', max_tokens: 40 });
    const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
    expect(usage.cost).toBeGreaterThan(0);
    // 0.24 USD per million tokens either way: 240,000 picodollars a token.
    const expectedCost = BigInt(usage.prompt_tokens + usage.completion_tokens) * 240_000n;
    expect(usage.cost).toBe(picodollarsToUsd(expectedCost));

    // Committed to PostgreSQL, not just pending in the writer's memory.
    await harness.gateway.context.generations.flush();
    expect(harness.gateway.context.generations.pendingCount).toBe(0);
    const stored = await harness.gateway.context.store.generations.getGeneration(completion.id);
    expect(stored?.totalCost).toBe(expectedCost);

    const generation = await json(`/generation?id=${completion.id}`, harness.apiKey);
    expect(validateAgainstSpec('/generation', 'get', 200, generation)).toEqual([]);
    expect(generation.data).toMatchObject({ id: completion.id, model: 'thudm/glm-4-32b', provider_name: 'Acme AI', total_cost: usage.cost, streamed: false });

    const key = (await json('/key', harness.apiKey)).data as Record<string, unknown>;
    expect(key.usage).toBe(usage.cost);
    expect(key.usage_daily).toBe(usage.cost);

    const activity = await json('/activity', harness.apiKey);
    expect(validateAgainstSpec('/activity', 'get', 200, activity)).toEqual([]);
    expect(activity.data).toEqual([
      expect.objectContaining({ model: 'thudm/glm-4-32b', provider_name: 'Acme AI', requests: 1, usage: usage.cost, prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens }),
    ]);
  });

  it('streams, and the streamed record is in the store with the same cost the final chunk reported', async () => {
    const stream = await harness.client.chat.completions.create({
      model: 'thudm/glm-4-32b',
      messages: [{ role: 'user', content: 'Count to five.' }],
      stream: true,
    });
    let id = '';
    let cost = -1;
    for await (const chunk of stream) {
      id = chunk.id;
      const usage = chunk.usage as (OpenAI.CompletionUsage & { cost: number }) | null | undefined;
      if (usage) cost = usage.cost;
    }
    await harness.gateway.context.generations.flush();
    const stored = await harness.gateway.context.store.generations.getGeneration(id);
    expect(stored?.streamed).toBe(true);
    expect(picodollarsToUsd(stored!.totalCost)).toBe(cost);
    const rows = await harness.gateway.context.store.usage.usageRollup({ sinceDay: '2000-01-01', groupBy: [] });
    expect(rows[0]?.requests).toBe(2);
  });
});
