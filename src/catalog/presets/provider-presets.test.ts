import { describe, expect, it } from 'vitest';
import { validateConfig } from '../load-config.js';
import { PROVIDER_PRESETS } from './provider-presets.js';

const ALL_ADAPTERS = ['openai', 'anthropic', 'gemini'];

describe('built-in provider presets', () => {
  it('cover the providers the gateway promises, each enabled by its documented variable', () => {
    const enabling = Object.fromEntries(
      PROVIDER_PRESETS.map((preset) => [preset.provider.slug, 'api_key_env' in preset.enabled_by ? [...preset.enabled_by.api_key_env] : [preset.enabled_by.base_url_env]]),
    );
    expect(enabling).toEqual({
      openai: ['OPENAI_API_KEY'],
      anthropic: ['ANTHROPIC_API_KEY'],
      'google-ai-studio': ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
      groq: ['GROQ_API_KEY'],
      deepseek: ['DEEPSEEK_API_KEY'],
      mistral: ['MISTRAL_API_KEY'],
      together: ['TOGETHER_API_KEY'],
      deepinfra: ['DEEPINFRA_API_KEY'],
      fireworks: ['FIREWORKS_API_KEY'],
      openrouter: ['OPENROUTER_API_KEY'],
      vllm: ['VLLM_BASE_URL'],
      llamacpp: ['LLAMACPP_BASE_URL'],
      ollama: ['OLLAMA_BASE_URL'],
    });
    expect(Object.fromEntries(PROVIDER_PRESETS.map((preset) => [preset.provider.slug, preset.provider.adapter]))).toMatchObject({ anthropic: 'anthropic', 'google-ai-studio': 'gemini', openai: 'openai', groq: 'openai' });
  });

  it.each(PROVIDER_PRESETS.map((preset) => [preset.provider.slug, preset] as const))('%s validates with the config schema and catalog checks, dated and priced', (_slug, preset) => {
    expect(preset.catalog_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const models = preset.local_model
      ? [{ id: `${preset.provider.slug}/model`, name: 'Local', created: preset.catalog_date, context_length: preset.local_model.context_length, endpoints: [{ provider: preset.provider.slug, upstream_model: preset.local_model.default, pricing: { prompt: 0, completion: 0 } }] }]
      : [...preset.models];
    const validated = validateConfig({ providers: [{ ...preset.provider, api_key: 'sk-test' }], models }, { knownAdapters: ALL_ADAPTERS });
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    for (const model of validated.catalog.models.values()) {
      expect(model.endpoints).toHaveLength(1);
      const endpoint = model.endpoints[0]!;
      expect(endpoint.supportedParameters.length).toBeGreaterThan(0);
      if (!preset.local_model) {
        expect(endpoint.pricing.prompt).toBeGreaterThan(0n);
        expect(endpoint.pricing.completion).toBeGreaterThan(0n);
      }
    }
  });

  it('keeps prices exact: $0.075 per million is 75 000 picodollars per token', () => {
    const openai = PROVIDER_PRESETS.find((preset) => preset.provider.slug === 'openai')!;
    const validated = validateConfig({ providers: [openai.provider], models: [...openai.models] }, { knownAdapters: ALL_ADAPTERS });
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    const mini = validated.catalog.models.get('openai/gpt-4o-mini')!.endpoints[0]!;
    expect(mini.pricing).toMatchObject({ prompt: 150_000n, completion: 600_000n, inputCacheRead: 75_000n });
    expect(mini.provider.openai.maxTokensField).toBe('max_completion_tokens');
  });
});
