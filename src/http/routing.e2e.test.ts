import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { validateAgainstSpec, validateComponent } from '../api/test-support/openapi-validator.js';
import type { GatewayConfigInput } from '../catalog/config-schema.js';
import { startTestGateway, type TestGateway } from './test-support/start-test-gateway.js';

type ModelInput = GatewayConfigInput['models'][number];
type Body = OpenAI.ChatCompletionCreateParamsNonStreaming & Record<string, unknown>;

/**
 * Routing end to end: real gateway, real simulated upstreams, the openai SDK as the client.
 * Each provider preference is observed in which upstream received the call.
 */
const glm: ModelInput = {
  id: 'thudm/glm-4-32b',
  name: 'GLM 4 32B',
  created: '2025-04-17',
  context_length: 32768,
  endpoints: [
    { provider: 'cheap', upstream_model: 'glm-cheap', quantization: 'fp4', pricing: { prompt: 0.1, completion: 0.3 }, supported_parameters: ['max_tokens', 'temperature'] },
    { provider: 'mid', upstream_model: 'glm-mid', quantization: 'fp8', pricing: { prompt: 0.2, completion: 0.6 } },
    { provider: 'premium', upstream_model: 'glm-premium', quantization: 'bf16', pricing: { prompt: 1, completion: 3 }, supported_parameters: ['max_tokens', 'temperature', 'top_k', 'tools', 'tool_choice', 'response_format'] },
  ],
};
const llama: ModelInput = {
  id: 'meta-llama/llama-3.3-70b-instruct',
  name: 'Llama 3.3 70B',
  created: '2024-12-06',
  context_length: 131072,
  tokenizer: 'Llama3',
  endpoints: [{ provider: 'spare', upstream_model: 'llama-spare', pricing: { prompt: 0.05, completion: 0.1 } }],
};
const cached: ModelInput = {
  id: 'deepseek/deepseek-chat',
  name: 'DeepSeek Chat',
  created: '2025-01-10',
  context_length: 65536,
  endpoints: [
    { provider: 'cheap', upstream_model: 'ds-cheap', pricing: { prompt: 0.3, completion: 0.9, input_cache_read: 0.03 } },
    { provider: 'premium', upstream_model: 'ds-premium', pricing: { prompt: 0.6, completion: 1.2, input_cache_read: 0.06 } },
  ],
};

/** Only used by the throughput test, so its measurements start clean. */
const qwen: ModelInput = {
  id: 'qwen/qwen3-32b',
  name: 'Qwen3 32B',
  created: '2025-04-28',
  context_length: 40960,
  tokenizer: 'Qwen3',
  endpoints: [
    { provider: 'cheap', upstream_model: 'qwen-cheap', pricing: { prompt: 0.1, completion: 0.3 } },
    { provider: 'mid', upstream_model: 'qwen-mid', pricing: { prompt: 0.2, completion: 0.6 } },
    { provider: 'premium', upstream_model: 'qwen-premium', pricing: { prompt: 1, completion: 3 } },
  ],
};

let harness: TestGateway;
/** Load balancing draws from this list in turn (0 picks the cheapest, 0.999 the dearest). */
let draws: number[] = [];

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [
      { slug: 'cheap', name: 'Cheap Cloud', config: { data_collection: 'allow' } },
      { slug: 'mid', name: 'Mid Compute', config: { zdr: true, data_collection: 'deny' } },
      { slug: 'premium', name: 'Premium AI', config: { zdr: true, data_collection: 'deny' } },
      { slug: 'spare', name: 'Spare Compute' },
    ],
    models: [glm, llama, cached, qwen],
    routing: { random: () => draws.shift() ?? 0 },
  });
});
afterAll(() => harness.close());

/** Which upstream served one call (by the requests each simulator received). */
async function servedBy(body: Partial<Body>, headers?: Record<string, string>): Promise<string> {
  const before = Object.fromEntries(Object.entries(harness.simulators).map(([slug, simulator]) => [slug, simulator.stats.requests]));
  await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Name a colour.' }], ...body } as Body, headers ? { headers } : {});
  const reached = Object.entries(harness.simulators).filter(([slug, simulator]) => simulator.stats.requests > (before[slug] ?? 0)).map(([slug]) => slug);
  expect(reached).toHaveLength(1);
  return reached[0]!;
}

async function errorOf(body: Partial<Body>): Promise<{ status: number; error: { code: number; message: string; metadata: Record<string, unknown> } }> {
  const response = await fetch(`${harness.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Name a colour.' }], ...body }),
  });
  return { status: response.status, ...((await response.json()) as { error: { code: number; message: string; metadata: Record<string, unknown> } }) };
}

describe('provider preferences, observed upstream', () => {
  it('default: price-weighted load balancing (cheapest on a low draw, dearest on a high one)', async () => {
    expect(await servedBy({})).toBe('cheap');
    draws = [0.999];
    expect(await servedBy({})).toBe('premium');
  });

  it('order, only, ignore, allow_fallbacks', async () => {
    expect(await servedBy({ provider: { order: ['premium', 'mid'] } })).toBe('premium');
    expect(await servedBy({ provider: { only: ['mid'] } })).toBe('mid');
    expect(await servedBy({ provider: { ignore: ['cheap'] } })).toBe('mid');
    expect(await servedBy({ provider: { order: ['mid'], allow_fallbacks: false } })).toBe('mid');
  });

  it('data_collection, zdr, quantizations, require_parameters', async () => {
    expect(await servedBy({ provider: { data_collection: 'deny' } })).toBe('mid');
    expect(await servedBy({ provider: { zdr: true } })).toBe('mid');
    expect(await servedBy({ provider: { quantizations: ['bf16'] } })).toBe('premium');
    expect(await servedBy({ top_k: 40, provider: { require_parameters: true } })).toBe('premium');
  });

  it('sort, :floor, max_price, preferred thresholds (soft)', async () => {
    expect(await servedBy({ provider: { sort: 'price' } })).toBe('cheap');
    draws = [0.999];
    expect(await servedBy({ model: 'thudm/glm-4-32b:floor' })).toBe('cheap');
    draws = [];
    expect(await servedBy({ provider: { max_price: { prompt: 0.5, completion: '0.6' }, ignore: ['cheap'] } })).toBe('mid');
    // Nothing measured yet: a soft threshold never removes an endpoint.
    expect(await servedBy({ provider: { preferred_min_throughput: 10_000, preferred_max_latency: { p90: 0.001 } } })).toBe('cheap');
  });

  it('sort latency and preferred_max_latency use the time to first token measured from live traffic', async () => {
    harness.simulators.cheap!.update({ firstTokenLatencyMs: 120, latencyJitter: 0 });
    try {
      // Enough slow answers that Cheap Cloud's median is slow despite its earlier fast ones.
      for (let index = 0; index < 12; index++) expect(await servedBy({ provider: { only: ['cheap'] } })).toBe('cheap');
      for (const slug of ['mid', 'premium']) for (let index = 0; index < 3; index++) expect(await servedBy({ provider: { only: [slug] } })).toBe(slug);
      // Cheap Cloud answers after 120 ms, the others at once.
      expect(await servedBy({ provider: { sort: 'latency' } })).not.toBe('cheap');
      expect(await servedBy({ provider: { preferred_max_latency: 0.06 } })).toBe('mid');
      // Soft: when only the slow endpoint is allowed, it still serves.
      expect(await servedBy({ provider: { only: ['cheap'], preferred_max_latency: 0.06 } })).toBe('cheap');
    } finally {
      harness.simulators.cheap!.update({ firstTokenLatencyMs: 0 });
    }
  });

  it(':nitro, sort throughput and preferred_min_throughput use the output speed measured from live streams', async () => {
    harness.simulators.cheap!.update({ tokensPerSecond: 40 });
    harness.simulators.mid!.update({ tokensPerSecond: 400 });
    harness.simulators.premium!.update({ tokensPerSecond: 40 });
    try {
      for (const slug of ['cheap', 'mid', 'premium']) {
        for (let index = 0; index < 2; index++) {
          const stream = await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Tell me about rivers.' }], max_tokens: 16, stream: true, provider: { only: [slug] } } as OpenAI.ChatCompletionCreateParamsStreaming);
          for await (const chunk of stream) void chunk;
        }
      }
      expect(await servedBy({ model: 'qwen/qwen3-32b:nitro', stream: false })).toBe('mid');
      expect(await servedBy({ model: 'qwen/qwen3-32b', provider: { sort: { by: 'throughput' } } })).toBe('mid');
      expect(await servedBy({ model: 'qwen/qwen3-32b', provider: { preferred_min_throughput: 150 } })).toBe('mid');
      // Soft: when no allowed endpoint is fast enough, the cheapest still serves.
      expect(await servedBy({ model: 'qwen/qwen3-32b', provider: { only: ['cheap', 'premium'], preferred_min_throughput: { p50: 150 } } })).toBe('cheap');
    } finally {
      for (const slug of ['cheap', 'mid', 'premium']) harness.simulators[slug]!.update({ tokensPerSecond: Number.POSITIVE_INFINITY });
    }
  });

  it('sort partition none sorts endpoints across the fallback models', async () => {
    const models = ['meta-llama/llama-3.3-70b-instruct'];
    expect(await servedBy({ models, provider: { sort: { by: 'price', partition: 'model' } } })).toBe('cheap');
    expect(await servedBy({ models, provider: { sort: { by: 'price', partition: 'none' } } })).toBe('spare');
  });

  it('tools without require_parameters prefer the endpoint that supports them', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    // An explicit order stays the client's ranking.
    expect(await servedBy({ tools, provider: { order: ['cheap', 'mid'] } })).toBe('cheap');
    expect(await servedBy({ tools })).toBe('mid');
  });

  it('models fallbacks (and the deprecated route alias) bill the model actually used', async () => {
    const completion = await harness.client.chat.completions.create({
      model: 'thudm/glm-4-32b',
      messages: [{ role: 'user', content: 'hi' }],
      models: ['meta-llama/llama-3.3-70b-instruct'],
      route: 'fallback',
      provider: { ignore: ['cheap', 'mid', 'premium'] },
    } as Body);
    expect(completion.model).toBe('meta-llama/llama-3.3-70b-instruct');
  });

  it('an unknown variant is a clear 400', async () => {
    const result = await errorOf({ model: 'thudm/glm-4-32b:turbo' });
    expect(result.status).toBe(400);
    expect(result.error.message).toContain('unknown variant ":turbo"');
  });
});

describe('explainable routing', () => {
  it('a no-endpoint error lists every removed endpoint and the filter that removed it', async () => {
    const result = await errorOf({ provider: { only: ['premium', 'mid'], quantizations: ['fp4'] } });
    expect(result.status).toBe(404);
    expect(result.error.metadata.removed_endpoints).toEqual([
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@cheap', provider: 'cheap', filter: 'only', reason: 'not in provider.only' },
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@mid', provider: 'mid', filter: 'quantizations', reason: 'quantization fp8 not in provider.quantizations' },
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@premium', provider: 'premium', filter: 'quantizations', reason: 'quantization bf16 not in provider.quantizations' },
    ]);
    expect(result.error.metadata.availability).toMatchObject({ code: 'no_endpoints', requested_models: ['thudm/glm-4-32b'], excluded_by: ['allowed_providers', 'quantization'] });
  });

  it('X-OpenRouter-Metadata: enabled adds openrouter_metadata to the response and to the final stream chunk', async () => {
    harness.simulators.cheap!.update({ errorRate: 1, errorStatuses: [503] });
    try {
      const completion = (await harness.client.chat.completions.create(
        { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], provider: { order: ['cheap', 'mid'] } } as Body,
        { headers: { 'X-OpenRouter-Metadata': 'enabled' } },
      )) as OpenAI.ChatCompletion & { openrouter_metadata: Record<string, unknown> };
      expect(completion.openrouter_metadata).toMatchObject({
        requested: 'thudm/glm-4-32b',
        strategy: 'direct',
        attempt: 2,
        is_byok: false,
        ordering: 'order',
        endpoints: { total: 3, available: [{ provider: 'Cheap Cloud', selected: false }, { provider: 'Mid Compute', selected: true }, { provider: 'Premium AI', selected: false }] },
        attempts: [{ provider: 'Cheap Cloud', model: 'thudm/glm-4-32b', status: 503 }, { provider: 'Mid Compute', model: 'thudm/glm-4-32b', status: 200 }],
      });
      expect(validateComponent('OpenRouterMetadata', completion.openrouter_metadata)).toEqual([]);
      expect(validateAgainstSpec('/chat/completions', 'post', 200, completion)).toEqual([]);
    } finally {
      harness.simulators.cheap!.update({ errorRate: 0 });
    }
    const stream = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], stream: true, provider: { only: ['premium'] } } as OpenAI.ChatCompletionCreateParamsStreaming, { headers: { 'X-OpenRouter-Metadata': 'enabled' } });
    const chunks: Record<string, unknown>[] = [];
    for await (const chunk of stream) chunks.push(chunk as unknown as Record<string, unknown>);
    expect(chunks.at(-1)?.openrouter_metadata).toMatchObject({ attempt: 1, attempts: [{ provider: 'Premium AI', status: 200 }] });
    expect(chunks.slice(0, -1).some((chunk) => 'openrouter_metadata' in chunk)).toBe(false);

    const plain = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] });
    expect(plain).not.toHaveProperty('openrouter_metadata');
  });
});

describe('explained failures', () => {
  it('with X-OpenRouter-Metadata, a failed call carries openrouter_metadata next to the error, naming each attempt', async () => {
    harness.simulators.mid!.update({ errorRate: 1, errorStatuses: [500] });
    harness.simulators.premium!.update({ errorRate: 1, errorStatuses: [429] });
    try {
      const response = await fetch(`${harness.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', 'x-openrouter-metadata': 'enabled' },
        body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], provider: { only: ['mid', 'premium'], sort: 'price' } }),
      });
      expect(response.status).toBe(502);
      const body = (await response.json()) as { error: { message: string; metadata: Record<string, unknown> }; openrouter_metadata: Record<string, unknown> };
      expect(body.error.message).toContain('thudm/glm-4-32b@mid');
      expect(body.error.message).toContain('thudm/glm-4-32b@premium');
      expect(body.error.metadata).not.toHaveProperty('openrouter_metadata');
      expect(validateAgainstSpec('/chat/completions', 'post', 502, body)).toEqual([]);
      expect(body.openrouter_metadata).toMatchObject({
        attempt: 0,
        ordering: 'sort:price',
        attempts: [{ provider: 'Mid Compute', status: 500 }, { provider: 'Premium AI', status: 429 }],
        removed: [{ endpoint: 'thudm/glm-4-32b@cheap', filter: 'only' }],
      });
    } finally {
      harness.simulators.mid!.update({ errorRate: 0 });
      harness.simulators.premium!.update({ errorRate: 0 });
    }
  });
});

describe('sticky routing for prompt caching', () => {
  it('keeps a conversation on its endpoint when cache reads are cheaper; a new conversation is balanced again', async () => {
    const turn = (session: Record<string, string> | undefined, user: string) => servedBy({ model: 'deepseek/deepseek-chat', messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: user }] }, session);
    draws = [0];
    expect(await turn(undefined, 'First question')).toBe('cheap');
    draws = [0.999];
    expect(await turn(undefined, 'First question')).toBe('cheap');
    draws = [0.999];
    expect(await turn(undefined, 'Another conversation')).toBe('premium');
    draws = [0.999];
    expect(await turn({ 'x-session-id': 'session-42' }, 'Third conversation')).toBe('premium');
    draws = [0];
    expect(await turn({ 'x-session-id': 'session-42' }, 'Something else entirely')).toBe('premium');
  });

  it('a failing sticky endpoint re-routes, and the conversation sticks to the new one', async () => {
    const turn = (user: string) => servedBy({ model: 'deepseek/deepseek-chat', messages: [{ role: 'user', content: user }] }, { 'x-session-id': 'session-7' });
    draws = [0];
    expect(await turn('hello')).toBe('cheap');
    harness.simulators.cheap!.update({ errorRate: 1, errorStatuses: [500] });
    try {
      const completion = await harness.client.chat.completions.create({ model: 'deepseek/deepseek-chat', messages: [{ role: 'user', content: 'again' }] }, { headers: { 'x-session-id': 'session-7' } });
      expect((completion as unknown as { provider: string }).provider).toBe('Premium AI');
    } finally {
      harness.simulators.cheap!.update({ errorRate: 0 });
    }
    draws = [0];
    expect(await turn('and again')).toBe('premium');
  });
});

describe('hedging (provider.hedge)', () => {
  it('starts the next endpoint when the first is slower than its p90 time to first token; the first to stream wins, the loser is not billed', async () => {
    // Measured time to first token for Cheap Cloud: near zero, so its p90 is a few ms.
    for (let index = 0; index < 5; index++) expect(await servedBy({ provider: { only: ['cheap'] } })).toBe('cheap');
    harness.simulators.cheap!.update({ firstTokenLatencyMs: 5_000, latencyJitter: 0 });
    try {
      const stream = await harness.client.chat.completions.create({
        model: 'thudm/glm-4-32b',
        messages: [{ role: 'user', content: 'Tell me about rivers.' }],
        stream: true,
        provider: { order: ['cheap', 'mid'], hedge: true },
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      let id = '';
      let provider = '';
      let usage: (OpenAI.CompletionUsage & { cost: number }) | undefined;
      for await (const chunk of stream) {
        id = chunk.id;
        provider = (chunk as unknown as { provider: string }).provider;
        if (chunk.usage) usage = chunk.usage as OpenAI.CompletionUsage & { cost: number };
      }
      expect(provider).toBe('Mid Compute');
      const record = (await (await fetch(`${harness.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: { provider_name: string; total_cost: number; provider_responses: { provider_name: string; status: number | null; error_kind?: string }[] } };
      expect(record.data.provider_name).toBe('Mid Compute');
      expect(record.data.provider_responses).toEqual(expect.arrayContaining([
        expect.objectContaining({ provider_name: 'Cheap Cloud', error_kind: 'cancelled' }),
        expect.objectContaining({ provider_name: 'Mid Compute', status: 200 }),
      ]));
      // Billed once, at the winner's prices only.
      const midCost = Number(BigInt(usage!.prompt_tokens) * 200000n + BigInt(usage!.completion_tokens) * 600000n) / 1e12;
      expect(usage!.cost).toBe(midCost);
      expect(record.data.total_cost).toBe(midCost);
    } finally {
      harness.simulators.cheap!.update({ firstTokenLatencyMs: 0 });
    }
  });
});

describe('mid-stream failover (provider.resume)', () => {
  it('continues a broken stream on the next endpoint with the partial answer as prefill; both legs billed and recorded', async () => {
    harness.simulators.cheap!.update({ failMidStreamRate: 1, failMidStreamMode: 'reset' });
    try {
      const stream = await harness.client.chat.completions.create({
        model: 'thudm/glm-4-32b',
        messages: [{ role: 'user', content: 'Tell me about rivers.' }],
        stream: true,
        max_tokens: 60,
        provider: { order: ['cheap', 'mid'], resume: true },
      } as OpenAI.ChatCompletionCreateParamsStreaming);
      let text = '';
      let id = '';
      let finish: string | null = null;
      let usage: (OpenAI.CompletionUsage & { cost: number }) | undefined;
      for await (const chunk of stream) {
        id = chunk.id;
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage as OpenAI.CompletionUsage & { cost: number };
      }
      expect(finish).not.toBe('error');
      const continuation = harness.simulators.mid!.requests.at(-1)!.body as { messages: { role: string; content: string }[] };
      const prefill = continuation.messages.at(-1)!;
      expect(prefill.role).toBe('assistant');
      expect(prefill.content.length).toBeGreaterThan(0);
      // The client saw the first leg's text, then the continuation's.
      expect(text.startsWith(prefill.content)).toBe(true);
      expect(text.length).toBeGreaterThan(prefill.content.length);

      const record = (await (await fetch(`${harness.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: { provider_name: string; total_cost: number; tokens_completion: number; provider_responses: { provider_name: string; status: number; error_kind?: string }[] } };
      expect(record.data.provider_name).toBe('Mid Compute');
      expect(record.data.provider_responses.map((entry) => [entry.provider_name, entry.status, entry.error_kind ?? null])).toEqual([
        ['Cheap Cloud', 200, 'upstream_connection'],
        ['Mid Compute', 200, null],
      ]);
      expect(usage?.cost).toBe(record.data.total_cost);
      expect(record.data.tokens_completion).toBe(usage?.completion_tokens);
      // Both legs are in the bill: more than the continuation's own tokens at mid's price.
      const continuationCost = Number((BigInt(usage!.prompt_tokens) * 200000n + BigInt(usage!.completion_tokens) * 600000n)) / 1e12;
      expect(usage!.cost).toBeLessThan(continuationCost);
      expect(usage!.cost).toBeGreaterThan(0);
    } finally {
      harness.simulators.cheap!.update({ failMidStreamRate: 0 });
    }
  });
});
