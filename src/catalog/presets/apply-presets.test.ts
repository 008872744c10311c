import { describe, expect, it } from 'vitest';
import { planAttempts } from '../../routing/plan-attempts.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { Catalog } from '../catalog-types.js';
import { validateConfig } from '../load-config.js';
import { applyPresets } from './apply-presets.js';

const ALL_ADAPTERS = ['openai', 'anthropic', 'gemini'];

const USER_CONFIG = {
  providers: [{ slug: 'acme', name: 'Acme AI', adapter: 'openai', base_url: 'http://127.0.0.1:9101/v1' }],
  models: [
    {
      id: 'thudm/glm-4-32b',
      name: 'THUDM: GLM 4 32B',
      created: '2025-04-17',
      context_length: 32768,
      endpoints: [{ provider: 'acme', upstream_model: 'glm-4-32b-0414', pricing: { prompt: 0.24, completion: 0.24 } }],
    },
  ],
};

function load(raw: unknown, environment: Record<string, string>, knownAdapters = ALL_ADAPTERS): Catalog {
  const validated = validateConfig(raw, { knownAdapters, presetEnvironment: environment });
  if (!validated.ok) throw new Error(validated.errors.join('\n'));
  return validated.catalog;
}

function plan(catalog: Catalog, model: string): string[] {
  const request: ChatRequest = { kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], stream: false, passthrough: {} };
  const planned = planAttempts({
    catalog,
    directives: { model, fallbackModels: [], provider: {}, sessionId: null, sentParameters: [] },
    request,
    hasAdapter: () => true,
    promptTokenUpperBound: 100,
    countPromptTokens: () => 10,
  });
  return planned.attempts.map((attempt) => attempt.endpoint.provider.slug).sort();
}

describe('applyPresets', () => {
  it('adds nothing when no variable is set, so a config validates the same everywhere', () => {
    const catalog = load(USER_CONFIG, {});
    expect([...catalog.providers.keys()]).toEqual(['acme']);
    expect([...catalog.models.keys()]).toEqual(['thudm/glm-4-32b']);
  });

  it('makes a preset\'s models routable when its key is set, the key coming from the environment', () => {
    const catalog = load(USER_CONFIG, { ANTHROPIC_API_KEY: 'sk-ant-api03-test' });
    expect(catalog.providers.get('anthropic')).toMatchObject({ adapter: 'anthropic', baseUrl: 'https://api.anthropic.com/v1', apiKey: 'sk-ant-api03-test' });
    expect(plan(catalog, 'anthropic/claude-sonnet-4')).toEqual(['anthropic']);
    expect(catalog.models.get('anthropic/claude-sonnet-4')!.endpoints[0]).toMatchObject({ upstreamModel: 'claude-sonnet-4-20250514', maxCompletionTokens: 64000 });
    expect(plan(catalog, 'thudm/glm-4-32b')).toEqual(['acme']);
  });

  it('gives a model served by several enabled presets one endpoint per preset, each with its own limits and prices', () => {
    const catalog = load(USER_CONFIG, { GROQ_API_KEY: 'gsk_test', TOGETHER_API_KEY: 'tg-test', OPENROUTER_API_KEY: 'sk-or-test' });
    expect(plan(catalog, 'meta-llama/llama-3.3-70b-instruct')).toEqual(['groq', 'openrouter', 'together']);
    const model = catalog.models.get('meta-llama/llama-3.3-70b-instruct')!;
    expect(model.endpoints.map((endpoint) => [endpoint.provider.slug, endpoint.upstreamModel, endpoint.maxCompletionTokens])).toEqual([
      ['groq', 'llama-3.3-70b-versatile', 32768],
      ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', null],
      ['openrouter', 'meta-llama/llama-3.3-70b-instruct', null],
    ]);
    expect(catalog.providers.get('groq')!.openai.dropParameters).toEqual(['logprobs', 'logit_bias', 'top_logprobs']);
  });

  it('lets the config\'s own entries win: its provider slug skips the preset, its model id keeps its endpoints', () => {
    const raw = {
      providers: [...USER_CONFIG.providers, { slug: 'groq', name: 'Groq via proxy', adapter: 'openai', base_url: 'http://127.0.0.1:9200/v1' }],
      models: [
        ...USER_CONFIG.models,
        { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Mine', created: '2024-12-06', context_length: 8192, endpoints: [{ provider: 'acme', upstream_model: 'llama', pricing: { prompt: 0.1, completion: 0.1 } }] },
      ],
    };
    const applied = applyPresets(raw, { environment: { GROQ_API_KEY: 'gsk_test', TOGETHER_API_KEY: 'tg-test' }, knownAdapters: ALL_ADAPTERS });
    if (!applied.ok) throw new Error(applied.errors.join('\n'));
    expect(applied.report).toEqual({ enabled: ['together'], skipped: [{ slug: 'groq', reason: 'the config defines a provider with this slug' }] });
    const catalog = load(raw, { GROQ_API_KEY: 'gsk_test', TOGETHER_API_KEY: 'tg-test' });
    expect(catalog.providers.get('groq')!.name).toBe('Groq via proxy');
    expect(catalog.models.get('meta-llama/llama-3.3-70b-instruct')).toMatchObject({ name: 'Mine', contextLength: 8192 });
    expect(plan(catalog, 'meta-llama/llama-3.3-70b-instruct')).toEqual(['acme']);
    expect(plan(catalog, 'deepseek/deepseek-r1')).toEqual(['together']);
  });

  it('obeys presets: false and a list, and names an unknown preset', () => {
    const environment = { GROQ_API_KEY: 'gsk_test', MISTRAL_API_KEY: 'mi-test' };
    expect([...load({ ...USER_CONFIG, presets: false }, environment).providers.keys()]).toEqual(['acme']);
    expect([...load({ ...USER_CONFIG, presets: ['mistral'] }, environment).providers.keys()]).toEqual(['acme', 'mistral']);
    const invalid = validateConfig({ ...USER_CONFIG, presets: ['mistral', 'acme-cloud'] }, { knownAdapters: ALL_ADAPTERS, presetEnvironment: environment });
    expect(invalid).toEqual({ ok: false, errors: [expect.stringMatching(/^presets\[1\]: unknown preset "acme-cloud" \(known: openai, anthropic, /)] });
  });

  it('skips a preset whose adapter is not registered, with the reason, instead of failing the config', () => {
    const applied = applyPresets(USER_CONFIG, { environment: { GEMINI_API_KEY: 'AIza-test', DEEPSEEK_API_KEY: 'sk-ds' }, knownAdapters: ['openai'] });
    if (!applied.ok) throw new Error(applied.errors.join('\n'));
    expect(applied.report).toEqual({ enabled: ['deepseek'], skipped: [{ slug: 'google-ai-studio', reason: 'no "gemini" adapter is registered' }] });
    expect([...load(USER_CONFIG, { GEMINI_API_KEY: 'AIza-test' }, ['openai']).providers.keys()]).toEqual(['acme']);
  });

  it('uses GOOGLE_API_KEY when GEMINI_API_KEY is not set', () => {
    expect(load(USER_CONFIG, { GOOGLE_API_KEY: 'AIza-google' }).providers.get('google-ai-studio')!.apiKey).toBe('AIza-google');
  });

  it('points a local server preset at its URL, serving the model its variable names', () => {
    const catalog = load(USER_CONFIG, { OLLAMA_BASE_URL: 'http://127.0.0.1:11434/v1', OLLAMA_MODEL: 'qwen2.5:7b', VLLM_BASE_URL: 'http://gpu-box:8000/v1' });
    expect(catalog.providers.get('ollama')).toMatchObject({ baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(catalog.providers.get('ollama')!.apiKey).toBeUndefined();
    expect(catalog.models.get('ollama/qwen2.5-7b')!.endpoints[0]).toMatchObject({ upstreamModel: 'qwen2.5:7b', pricing: { prompt: 0n, completion: 0n } });
    expect(plan(catalog, 'vllm/qwen-qwen3-8b')).toEqual(['vllm']);
  });
});

describe('presets and the demo', () => {
  it('join the bundled demo catalog when their key is set (npm start with ANTHROPIC_API_KEY and no YAML)', async () => {
    const { buildDemoConfig, unassignedDemoPorts } = await import('../demo/demo-config.js');
    const catalog = load(buildDemoConfig(unassignedDemoPorts()), { ANTHROPIC_API_KEY: 'sk-ant-api03-test' });
    expect(plan(catalog, 'anthropic/claude-3.5-haiku')).toEqual(['anthropic']);
    expect(plan(catalog, 'thudm/glm-4-32b')).toEqual(['cheapgpu', 'swiftinfer']);
  });
});
