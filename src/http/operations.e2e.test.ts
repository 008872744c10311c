import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openAIChunk, openAIUsageChunk } from '../providers/test-support/openai-fixtures.js';
import { sse, startFakeUpstream, type FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await startFakeUpstream();
});
afterEach(() => upstream.reset());
afterAll(async () => {
  await upstream.close();
});

function gateway(): Promise<TestGateway> {
  return startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }, { slug: 'scripted', name: 'Scripted', baseUrl: upstream.baseUrl }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414' }]), testModel('qwen/qwen3-32b', [{ provider: 'scripted', upstreamModel: 'qwen3-32b' }])],
  });
}

/** A metric sample's value from Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(harness: TestGateway): Promise<string> {
  const response = await fetch(`${harness.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe('GET /metrics (Prometheus)', () => {
  let harness: TestGateway;
  beforeAll(async () => {
    harness = await gateway();
  });
  afterAll(async () => {
    await harness.close();
  });

  it('counts requests by route and status, errors by kind, and tokens, cost and attempts once records commit', async () => {
    const completion = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 20 });
    const refused = await fetch(`${harness.baseURL}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-sb-v1-wrong' }, body: '{}' });
    expect(refused.status).toBe(401);
    await harness.gateway.context.generations.flush();

    const text = await scrape(harness);
    expect(sample(text, 'switchboard_http_requests_total{route="/api/v1/chat/completions",method="POST",status="200"}')).toBe(1);
    expect(sample(text, 'switchboard_http_requests_total{route="/api/v1/chat/completions",method="POST",status="401"}')).toBe(1);
    expect(sample(text, 'switchboard_http_request_duration_seconds_count{route="/api/v1/chat/completions"}')).toBe(2);
    expect(sample(text, 'switchboard_errors_total{kind="unauthorized"}')).toBe(1);
    expect(sample(text, 'switchboard_generations_total{model="thudm/glm-4-32b",provider="acme",outcome="ok"}')).toBe(1);
    expect(sample(text, 'switchboard_tokens_total{model="thudm/glm-4-32b",type="completion"}')).toBe(completion.usage?.completion_tokens);
    expect(sample(text, 'switchboard_tokens_total{model="thudm/glm-4-32b",type="prompt"}')).toBe(completion.usage?.prompt_tokens);
    const cost = (completion.usage as unknown as { cost: number }).cost;
    expect(sample(text, 'switchboard_cost_usd_total{model="thudm/glm-4-32b"}')).toBeCloseTo(cost, 12);
    expect(sample(text, 'switchboard_upstream_attempts_total{provider="acme",outcome="ok"}')).toBe(1);
    expect(sample(text, 'switchboard_store_operation_duration_seconds_count{operation="insert_generations",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('switchboard_process_cpu_seconds_total');
  });

  it('logs one structured line per generation with ids, never the key', async () => {
    await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Hi' }] });
    await harness.gateway.context.generations.flush();
    const line = harness.logs.filter((entry) => entry.message === 'generation').at(-1);
    expect(line?.fields).toMatchObject({ model: 'thudm/glm-4-32b', provider: 'acme', outcome: 'ok', streamed: false, attempts: [{ provider: 'acme', status: 200 }] });
    expect(String(line?.fields?.request_id)).toMatch(/^gen-/);
    expect(String(line?.fields?.key_hash)).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(harness.logs)).not.toContain(harness.apiKey);
  });
});

describe('graceful shutdown', () => {
  const slowStream = (end: 'close' | 'hang') => ({
    type: 'sse' as const,
    steps: [
      sse.data(openAIChunk({ role: 'assistant', content: 'Rivers ' })),
      sse.pause(300),
      sse.data(openAIChunk({ content: 'flow.' })),
      ...(end === 'close' ? [sse.data(openAIChunk({}, 'stop')), sse.data(openAIUsageChunk()), sse.done()] : []),
    ],
    end,
  });

  it('lets a running stream finish within the grace period, and refuses new connections', async () => {
    const harness = await gateway();
    upstream.enqueue(slowStream('close'));
    const stream = await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Rivers?' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const closed = harness.close();
    let text = first.value?.choices[0]?.delta.content ?? '';
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) text += next.value.choices[0]?.delta.content ?? '';
    expect(text).toBe('Rivers flow.');
    await closed;
    await expect(fetch(`${harness.url}/health`)).rejects.toThrow();
    const logged = harness.logs.find((entry) => entry.message === 'generation');
    expect(logged?.fields).toMatchObject({ outcome: 'ok', streamed: true });
  });

  it('cuts a stream that outlives the grace period and records it as cancelled', async () => {
    const harness = await gateway();
    upstream.enqueue(slowStream('hang'));
    const stream = await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Rivers?' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const reading = (async () => {
      try {
        for (let next = await iterator.next(); next.done !== true; next = await iterator.next());
        return 'ended';
      } catch {
        return 'cut';
      }
    })();
    await harness.gateway.close(100);
    await harness.close();
    expect(await reading).toBe('cut');
    const logged = harness.logs.find((entry) => entry.message === 'generation');
    expect(logged?.fields).toMatchObject({ outcome: 'cancelled', streamed: true });
    await upstream.lastRequest().clientClosedEarly;
  });
});
