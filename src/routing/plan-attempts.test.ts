import { describe, expect, it } from 'vitest';
import { createRandomSource } from '../simulator/random-source.js';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import type { ProviderPreferences, RoutingDirectives } from '../spec/routing-directives.js';
import { countPromptTokensFor } from '../metering/count-prompt-tokens-by-family.js';
import { MemoryEndpointHealth } from './endpoint-health-memory.js';
import { planAttempts, type Plan, type PlanInput } from './plan-attempts.js';
import { routingCatalog, type ModelSpec } from './test-support/routing-catalog.js';

const NOW = 1_800_000_000_000;

const glm: ModelSpec = {
  id: 'thudm/glm-4-32b',
  endpoints: [
    { provider: 'cheap', prompt: 0.1, completion: 0.3, quantization: 'fp4', dataCollection: 'allow' },
    { provider: 'deepinfra', prompt: 0.2, completion: 0.6, quantization: 'fp8', zdr: true },
    { provider: 'deepinfra', tag: 'deepinfra/turbo', prompt: 0.5, completion: 1.5, quantization: 'fp8', parameters: ['max_tokens'] },
    { provider: 'premium', prompt: 1, completion: 3, quantization: 'bf16', modalities: ['text', 'image'], zdr: true, contextLength: 131_072 },
  ],
};
const llama: ModelSpec = { id: 'meta-llama/llama-3.3-70b-instruct', tokenizer: 'Llama3', endpoints: [{ provider: 'spare', prompt: 0.05, completion: 0.1 }, { provider: 'premium', prompt: 0.8, completion: 0.8 }] };
const catalog = routingCatalog([glm, llama, { id: 'thudm/glm-4-32b:free', endpoints: [{ provider: 'cheap', prompt: 0, completion: 0 }] }]);

const chat = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({ kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: 'Name a colour.' }] }], stream: false, passthrough: {}, ...overrides });

function plan(provider: ProviderPreferences = {}, options: { model?: string; models?: string[]; request?: ChatRequest; sent?: string[]; input?: Partial<PlanInput> } = {}): Plan {
  const directives: RoutingDirectives = { model: options.model ?? 'thudm/glm-4-32b', fallbackModels: options.models ?? [], provider, sessionId: null, sentParameters: options.sent ?? [] };
  const request = options.request ?? chat();
  return planAttempts({
    catalog,
    directives,
    request,
    hasAdapter: () => true,
    promptTokenUpperBound: 64,
    countPromptTokens: (model) => countPromptTokensFor(request, model.tokenizer),
    random: () => 0,
    now: NOW,
    ...options.input,
  });
}
const tags = (result: Plan): string[] => result.attempts.map((attempt) => attempt.endpoint.tag);
const failure = (run: () => unknown): GatewayError => {
  try {
    run();
  } catch (caught) {
    if (caught instanceof GatewayError) return caught;
  }
  throw new Error('expected a GatewayError');
};

describe('planAttempts: provider preferences', () => {
  it('by default load-balances with the cheapest first when the random source says so, the rest by price', () => {
    expect(tags(plan())).toEqual(['cheap', 'deepinfra', 'deepinfra/turbo', 'premium']);
  });

  it('only / ignore: a base slug matches all of a provider’s endpoints, a full tag only one', () => {
    expect(tags(plan({ only: ['deepinfra'] }))).toEqual(['deepinfra', 'deepinfra/turbo']);
    expect(tags(plan({ only: ['deepinfra/turbo'] }))).toEqual(['deepinfra/turbo']);
    expect(tags(plan({ ignore: ['deepinfra'] }))).toEqual(['cheap', 'premium']);
    expect(tags(plan({ ignore: ['deepinfra/turbo'] }))).toEqual(['cheap', 'deepinfra', 'premium']);
    // Display names are accepted as the spec's ProviderName enum allows.
    expect(tags(plan({ only: ['PREMIUM'] }))).toEqual(['premium']);
  });

  it('order: listed providers first in that order, then the rest unless allow_fallbacks is false', () => {
    expect(tags(plan({ order: ['premium', 'deepinfra/turbo'] }))).toEqual(['premium', 'deepinfra/turbo', 'cheap', 'deepinfra']);
    expect(tags(plan({ order: ['premium', 'deepinfra/turbo'], allowFallbacks: false }))).toEqual(['premium', 'deepinfra/turbo']);
    expect(plan({ order: ['premium'] }).ordering).toBe('order');
  });

  it('allow_fallbacks false without order keeps only the primary endpoint', () => {
    expect(tags(plan({ allowFallbacks: false }))).toEqual(['cheap']);
  });

  it('data_collection deny and zdr remove the endpoints that keep data', () => {
    expect(tags(plan({ dataCollection: 'deny' }))).toEqual(['deepinfra', 'deepinfra/turbo', 'premium']);
    // ZDR is the provider's policy: both deepinfra endpoints share it.
    expect(tags(plan({ zdr: true }))).toEqual(['deepinfra', 'deepinfra/turbo', 'premium']);
  });

  it('quantizations keep only the listed ones', () => {
    expect(tags(plan({ quantizations: ['fp8', 'bf16'] }))).toEqual(['deepinfra', 'deepinfra/turbo', 'premium']);
  });

  it('require_parameters keeps endpoints that support every sent parameter', () => {
    expect(tags(plan({ requireParameters: true }, { sent: ['temperature'] }))).toEqual(['cheap', 'deepinfra', 'premium']);
  });

  it('without require_parameters, endpoints supporting tools / response_format come first but none is removed', () => {
    const request = chat({ responseFormat: { type: 'json_object' } });
    expect(tags(plan({}, { request }))).toEqual(['cheap', 'deepinfra', 'premium', 'deepinfra/turbo']);
    expect(tags(plan({ order: ['deepinfra/turbo'] }, { request }))[0]).toBe('deepinfra/turbo');
  });

  it('max_price is a hard filter in USD per million tokens, per request and per image', () => {
    expect(tags(plan({ maxPrice: { prompt: 0.2 } }))).toEqual(['cheap', 'deepinfra']);
    expect(tags(plan({ maxPrice: { completion: 0.3 } }))).toEqual(['cheap']);
    const none = failure(() => plan({ maxPrice: { prompt: 0.01 } }));
    expect(none.status).toBe(404);
    expect(none.metadata?.availability).toMatchObject({ code: 'no_endpoints', excluded_by: ['max_price'] });
  });

  it('sort price / throughput / latency turns load balancing off; :floor and :nitro sort too', () => {
    const health = new MemoryEndpointHealth();
    health.recordThroughput('thudm/glm-4-32b@premium', 200, NOW);
    health.recordThroughput('thudm/glm-4-32b@deepinfra', 90, NOW);
    health.recordLatency('thudm/glm-4-32b@deepinfra/turbo', 150, NOW);
    health.recordLatency('thudm/glm-4-32b@cheap', 900, NOW);
    expect(tags(plan({ sort: { by: 'throughput' } }, { input: { health } }))).toEqual(['premium', 'deepinfra', 'cheap', 'deepinfra/turbo']);
    expect(tags(plan({ sort: { by: 'latency' } }, { input: { health } }))).toEqual(['deepinfra/turbo', 'cheap', 'deepinfra', 'premium']);
    expect(tags(plan({}, { model: 'thudm/glm-4-32b:nitro', input: { health } }))).toEqual(['premium', 'deepinfra', 'cheap', 'deepinfra/turbo']);
    const random = () => 0.999;
    expect(tags(plan({}, { model: 'thudm/glm-4-32b:floor', input: { random } }))).toEqual(['cheap', 'deepinfra', 'deepinfra/turbo', 'premium']);
    expect(plan({ sort: { by: 'price' } }).ordering).toBe('sort:price');
  });

  it('sort partition none sorts across fallback models; partition model keeps models in order', () => {
    const byModel = plan({ sort: { by: 'price' } }, { models: ['meta-llama/llama-3.3-70b-instruct'] });
    expect(byModel.attempts.map((attempt) => attempt.endpoint.id)[0]).toBe('thudm/glm-4-32b@cheap');
    const across = plan({ sort: { by: 'price', partition: 'none' } }, { models: ['meta-llama/llama-3.3-70b-instruct'] });
    expect(across.attempts.map((attempt) => attempt.endpoint.id).slice(0, 2)).toEqual(['meta-llama/llama-3.3-70b-instruct@spare', 'thudm/glm-4-32b@cheap']);
    expect(across.requested).toEqual(['thudm/glm-4-32b', 'meta-llama/llama-3.3-70b-instruct']);
  });

  it('preferred_min_throughput / preferred_max_latency reorder but never exclude', () => {
    const health = new MemoryEndpointHealth();
    health.recordThroughput('thudm/glm-4-32b@cheap', 10, NOW);
    health.recordLatency('thudm/glm-4-32b@deepinfra', 4_000, NOW);
    expect(tags(plan({ preferredMinThroughput: { p50: 50 } }, { input: { health } }))).toEqual(['deepinfra', 'deepinfra/turbo', 'premium', 'cheap']);
    expect(tags(plan({ preferredMaxLatency: { p50: 2 } }, { input: { health } }))).toEqual(['cheap', 'deepinfra/turbo', 'premium', 'deepinfra']);
  });

  it('image inputs go only to endpoints that take images', () => {
    const request = chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image', url: 'https://example.com/cat.png' }] }] });
    const result = plan({}, { request });
    expect(tags(result)).toEqual(['premium']);
    expect(result.removed.map((entry) => entry.filter)).toEqual(['input_modalities', 'input_modalities', 'input_modalities']);
  });

  it('counts prompt tokens with the model family’s tokenizer only when the byte bound does not fit', () => {
    const text = 'word '.repeat(40_000);
    const request = chat({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] });
    let counted = 0;
    const result = plan({}, { request, input: { promptTokenUpperBound: 200_008, countPromptTokens: (model) => { counted += 1; return countPromptTokensFor(request, model.tokenizer); } } });
    expect(tags(result)).toEqual(['premium']);
    expect(counted).toBe(1);
    expect(result.removed[0]).toMatchObject({ filter: 'context_length', reason: expect.stringContaining('exceeds the endpoint\'s context of 32768') });
    counted = 0;
    plan({}, { input: { countPromptTokens: () => { counted += 1; return 0; } } });
    expect(counted).toBe(0);
  });

  it('explains a no-endpoint error: every removed endpoint with its filter', () => {
    const error = failure(() => plan({ only: ['deepinfra'], quantizations: ['bf16'] }));
    expect(error.status).toBe(404);
    expect(error.kind).toBe('no_endpoints');
    expect(error.metadata?.removed_endpoints).toEqual([
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@cheap', provider: 'cheap', filter: 'only', reason: 'not in provider.only' },
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@deepinfra', provider: 'deepinfra', filter: 'quantizations', reason: 'quantization fp8 not in provider.quantizations' },
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@deepinfra/turbo', provider: 'deepinfra', filter: 'quantizations', reason: 'quantization fp8 not in provider.quantizations' },
      { model: 'thudm/glm-4-32b', endpoint: 'thudm/glm-4-32b@premium', provider: 'premium', filter: 'only', reason: 'not in provider.only' },
    ]);
    expect(error.metadata?.availability).toMatchObject({ excluded_by: ['allowed_providers', 'quantization'] });
  });

  it('variants: static ones are catalog entries, dynamic ones work on any model, unknown ones are a 400', () => {
    expect(plan({}, { model: 'thudm/glm-4-32b:free' }).attempts[0]?.model.id).toBe('thudm/glm-4-32b:free');
    const unknown = failure(() => plan({}, { model: 'thudm/glm-4-32b:turbo' }));
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('unknown variant ":turbo"');
  });
});

describe('planAttempts: health-aware load balancing', () => {
  it('picks by 1/price²: $1 vs $3 per million is about 9 to 1', () => {
    const pair = routingCatalog([{ id: 'a/b', endpoints: [{ provider: 'one', prompt: 0.5, completion: 0.5 }, { provider: 'three', prompt: 1.5, completion: 1.5 }] }]);
    const random = createRandomSource(42);
    let one = 0;
    for (let index = 0; index < 10_000; index++) {
      const result = planAttempts({ catalog: pair, directives: { model: 'a/b', fallbackModels: [], provider: {}, sessionId: null, sentParameters: [] }, request: chat(), hasAdapter: () => true, promptTokenUpperBound: 10, countPromptTokens: () => 10, random, now: NOW });
      if (result.attempts[0]?.endpoint.tag === 'one') one += 1;
      expect(result.attempts).toHaveLength(2);
    }
    expect(one / 10_000).toBeGreaterThan(0.87);
    expect(one / 10_000).toBeLessThan(0.93);
  });

  it('endpoints in outage go last, recently failing ones after the healthy; a trial goes first now and then', () => {
    const health = new MemoryEndpointHealth({ trialIntervalMs: 5_000 });
    for (let index = 0; index < 3; index++) health.recordResult('thudm/glm-4-32b@cheap', 'failure', NOW - 1_000);
    health.recordResult('thudm/glm-4-32b@deepinfra', 'failure', NOW - 1_000);
    expect(tags(plan({}, { input: { health, now: NOW - 500 } }))).toEqual(['deepinfra/turbo', 'premium', 'deepinfra', 'cheap']);
    // 5 s after the outage began, one request tries the endpoint again.
    expect(tags(plan({}, { input: { health, now: NOW + 4_500 } }))[0]).toBe('cheap');
    expect(tags(plan({}, { input: { health, now: NOW + 4_600 } }))[0]).toBe('deepinfra/turbo');
  });

  it('honours Retry-After: the endpoint is skipped until then; when all are waiting, a 429 with Retry-After', () => {
    const health = new MemoryEndpointHealth();
    health.recordResult('meta-llama/llama-3.3-70b-instruct@spare', 'rate_limited', NOW, 20);
    const result = plan({}, { model: 'meta-llama/llama-3.3-70b-instruct', input: { health } });
    expect(tags(result)).toEqual(['premium']);
    expect(result.removed).toEqual([expect.objectContaining({ filter: 'retry_after' })]);
    // Once the pause is over it is tried again, after healthy endpoints while its 429 is recent.
    expect(tags(plan({}, { model: 'meta-llama/llama-3.3-70b-instruct', input: { health, now: NOW + 20_000 } }))).toEqual(['premium', 'spare']);
    expect(tags(plan({}, { model: 'meta-llama/llama-3.3-70b-instruct', input: { health, now: NOW + 31_000 } }))).toEqual(['spare', 'premium']);
    health.recordResult('meta-llama/llama-3.3-70b-instruct@premium', 'rate_limited', NOW, 5);
    const limited = failure(() => plan({}, { model: 'meta-llama/llama-3.3-70b-instruct', input: { health } }));
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBe(5);
  });

  it('sticky endpoint goes first unless order is set or it is in outage', () => {
    const stickyEndpoint = () => 'thudm/glm-4-32b@premium';
    const sticky = plan({}, { input: { stickyEndpoint } });
    expect(tags(sticky)[0]).toBe('premium');
    expect(sticky.ordering).toBe('sticky');
    expect(tags(plan({ order: ['deepinfra'] }, { input: { stickyEndpoint } }))[0]).toBe('deepinfra');
    const health = new MemoryEndpointHealth();
    for (let index = 0; index < 3; index++) health.recordResult('thudm/glm-4-32b@premium', 'failure', NOW);
    expect(tags(plan({}, { input: { stickyEndpoint, health } }))[0]).toBe('cheap');
  });
});
