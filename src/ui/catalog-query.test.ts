import { describe, expect, it } from 'vitest';
import type { Model } from '../catalog/catalog-types.js';
import { parseCatalogQuery, selectModels } from './catalog-query.js';

const known = { modalities: new Set(['text', 'image']), providers: new Set(['acme', 'budget']) };

function model(id: string, options: { created: number; context: number; prompt: bigint; completion: bigint; providers: string[]; input?: string[] }): Model {
  return {
    id, canonicalSlug: id, name: id.toUpperCase(), created: options.created, description: '', contextLength: options.context,
    inputModalities: options.input ?? ['text'], outputModalities: ['text'], tokenizer: 'Other', instructType: null,
    endpoints: options.providers.map((slug) => ({ id: `${id}@${slug}`, provider: { slug }, tag: slug, pricing: { prompt: options.prompt, completion: options.completion, request: 0n, image: 0n } })),
  } as unknown as Model;
}

const models = [
  model('thudm/glm-4-32b', { created: 300, context: 32_768, prompt: 100_000n, completion: 150_000n, providers: ['acme', 'budget'] }),
  model('thudm/glm-4-32b:free', { created: 300, context: 16_384, prompt: 0n, completion: 0n, providers: ['budget'] }),
  model('qwen/qwen2.5-vl-72b', { created: 200, context: 131_072, prompt: 1_000_000n, completion: 2_000_000n, providers: ['acme'], input: ['text', 'image'] }),
];
const ids = (selected: Model[]): string[] => selected.map((entry) => entry.id);

describe('catalog query', () => {
  it('reads valid filters and drops odd values', () => {
    expect(parseCatalogQuery({ q: '  glm ', input: 'image', context: '64000', price: '0.5', provider: 'acme', sort: 'price' }, known)).toEqual({
      search: 'glm', inputModality: 'image', outputModality: null, minContext: 64000, price: '0.5', provider: 'acme', sort: 'price',
    });
    expect(parseCatalogQuery({ q: ['a', 'b'], input: 'smell', context: '-1', price: '1e3', provider: '../etc', sort: 'random' }, known)).toEqual({
      search: '', inputModality: null, outputModality: null, minContext: null, price: null, provider: null, sort: 'newest',
    });
    expect(parseCatalogQuery({ context: '1.5', price: 'NaN', q: 'x'.repeat(500) }, known)).toMatchObject({ minContext: null, price: null, search: 'x'.repeat(100) });
  });

  it('filters by search, modality, context, price (free included) and provider', () => {
    const all = parseCatalogQuery({}, known);
    expect(ids(selectModels(models, { ...all, search: 'QWEN' }, new Map()))).toEqual(['qwen/qwen2.5-vl-72b']);
    expect(ids(selectModels(models, { ...all, inputModality: 'image' }, new Map()))).toEqual(['qwen/qwen2.5-vl-72b']);
    expect(ids(selectModels(models, { ...all, minContext: 32_000 }, new Map())).sort()).toEqual(['qwen/qwen2.5-vl-72b', 'thudm/glm-4-32b']);
    expect(ids(selectModels(models, { ...all, price: 'free' }, new Map()))).toEqual(['thudm/glm-4-32b:free']);
    expect(ids(selectModels(models, { ...all, price: '0.1', sort: 'price' }, new Map()))).toEqual(['thudm/glm-4-32b:free', 'thudm/glm-4-32b']);
    expect(ids(selectModels(models, { ...all, provider: 'budget' }, new Map()))).toEqual(['thudm/glm-4-32b', 'thudm/glm-4-32b:free']);
  });

  it('sorts by newest, price, context and weekly tokens', () => {
    const all = parseCatalogQuery({}, known);
    expect(ids(selectModels(models, all, new Map()))).toEqual(['thudm/glm-4-32b', 'thudm/glm-4-32b:free', 'qwen/qwen2.5-vl-72b']);
    expect(ids(selectModels(models, { ...all, sort: 'price' }, new Map()))).toEqual(['thudm/glm-4-32b:free', 'thudm/glm-4-32b', 'qwen/qwen2.5-vl-72b']);
    expect(ids(selectModels(models, { ...all, sort: 'context' }, new Map()))[0]).toBe('qwen/qwen2.5-vl-72b');
    expect(ids(selectModels(models, { ...all, sort: 'tokens' }, new Map([['thudm/glm-4-32b:free', 10], ['qwen/qwen2.5-vl-72b', 5]])))).toEqual(['thudm/glm-4-32b:free', 'qwen/qwen2.5-vl-72b', 'thudm/glm-4-32b']);
  });
});
