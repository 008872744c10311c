import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../load-config.js';
import { convertOpenRouterModels } from './convert-openrouter-models.js';
import { perTokenToPerMillion } from './per-token-to-per-million.js';

const EXCERPT: unknown = JSON.parse(readFileSync(new URL('./test-support/openrouter-models-excerpt.json', import.meta.url), 'utf8'));

describe('perTokenToPerMillion', () => {
  it.each([
    ['0.00000015', '0.15'],
    ['0.0000006', '0.6'],
    ['0.000000075', '0.075'],
    ['0.0000003833', '0.3833'],
    ['0.00003', '30'],
    ['0.000004', '4'],
    ['0', '0'],
    ['1', '1000000'],
    ['3e-7', '0.3'],
    [1.5e-7, '0.15'],
    ['0.000000000001', '0.000001'],
  ] as const)('%s per token → %s per million, exactly', (input, expected) => {
    expect(perTokenToPerMillion(input)).toBe(expected);
  });

  it.each(['-1', 'free', '', '.', '1.2.3'])('refuses %j', (input) => {
    expect(perTokenToPerMillion(input)).toBeNull();
  });
});

describe('convertOpenRouterModels', () => {
  it('turns an excerpt of OpenRouter\'s /models into config models on one provider, skipping variable-priced routers', () => {
    const { models, skipped } = convertOpenRouterModels(EXCERPT, 'openrouter');
    expect(skipped).toEqual([{ id: 'openrouter/auto', reason: 'pricing.prompt "-1" is not a fixed price' }]);
    expect(models.map((model) => model.id)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-3.5-haiku', 'google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct:free']);
    expect(models[0]).toEqual({
      id: 'openai/gpt-4o-mini',
      name: 'OpenAI: GPT-4o-mini',
      created: 1721260800,
      description: 'GPT-4o mini is OpenAI\'s newest model after GPT-4 Omni, supporting both text and image inputs with text outputs.',
      context_length: 128000,
      input_modalities: ['text', 'image', 'file'],
      output_modalities: ['text'],
      tokenizer: 'GPT',
      endpoints: [
        {
          provider: 'openrouter',
          upstream_model: 'openai/gpt-4o-mini',
          max_completion_tokens: 16384,
          pricing: { prompt: '0.15', completion: '0.6', internal_reasoning: '0', input_cache_read: '0.075', image: '0.000217' },
          supported_parameters: ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'web_search_options', 'seed', 'logit_bias', 'logprobs', 'top_logprobs', 'response_format', 'structured_outputs', 'tools', 'tool_choice'],
        },
      ],
    });
    expect(models[1]).toMatchObject({ canonical_slug: 'anthropic/claude-3-5-haiku', endpoints: [{ pricing: { prompt: '0.8', completion: '4', input_cache_read: '0.08', input_cache_write: '1' } }] });
    expect(models[2]!.endpoints![0]!.pricing).toEqual({ prompt: '0.3', completion: '2.5', internal_reasoning: '0', input_cache_read: '0.075', input_cache_write: '0.3833', image: '0.001238' });
    expect(models[3]).toMatchObject({ instruct_type: 'llama3', endpoints: [{ pricing: { prompt: '0', completion: '0' } }] });
    expect(models[3]!.endpoints![0]).not.toHaveProperty('max_completion_tokens');
  });

  it('produces models that validate and price exactly in picodollars', () => {
    const { models } = convertOpenRouterModels(EXCERPT, 'openrouter');
    const validated = validateConfig({ providers: [{ slug: 'openrouter', name: 'OpenRouter', adapter: 'openai', base_url: 'https://openrouter.ai/api/v1' }], models }, { knownAdapters: ['openai'] });
    if (!validated.ok) throw new Error(validated.errors.join('\n'));
    const gemini = validated.catalog.models.get('google/gemini-2.5-flash')!.endpoints[0]!;
    // 0.0000003833 USD per token = 383 300 picodollars.
    expect(gemini.pricing).toMatchObject({ prompt: 300_000n, completion: 2_500_000n, inputCacheWrite: 383_300n, image: 1_238_000_000n });
  });

  it('refuses a document that is not a models list', () => {
    expect(() => convertOpenRouterModels({ models: [] }, 'openrouter')).toThrow();
  });
});
