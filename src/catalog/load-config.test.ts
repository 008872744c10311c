import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfigText, validateConfig, type ConfigLoadResult } from './load-config.js';
import { EXAMPLE_CONFIG_YAML, minimalConfig } from './test-support/example-config.js';

const environment = { ACME_API_KEY: 'sk-acme' };

function expectValid(result: ConfigLoadResult): Extract<ConfigLoadResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.errors.join('\n')}`);
  return result;
}

function errorsOf(result: ConfigLoadResult): string[] {
  if (result.ok) throw new Error('expected errors, the config validated');
  return result.errors;
}

describe('parseConfigText', () => {
  it('validates the example config and applies the defaults', () => {
    const { config, catalog } = expectValid(parseConfigText(EXAMPLE_CONFIG_YAML, 'example.yaml', { environment }));
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8080, body_limit_bytes: 10_485_760, stream_keepalive_ms: 1000, shutdown_grace_ms: 10_000, metrics: true, request_log: true });
    expect(config.store.url).toBe('sqlite:./data/switchboard.db');
    expect(config.billing).toEqual({ credits: false, free_tier: { enabled: true, scope: 'all_free_models', requests_per_minute: 20, requests_per_day: 50 } });
    expect(config.demo).toBeUndefined();
    const provider = config.providers[0];
    expect(provider?.api_key).toBe('sk-acme');
    expect(provider?.timeouts).toEqual({ connect_ms: 10_000, first_token_ms: 60_000, idle_ms: 60_000, total_ms: 600_000 });
    expect(provider?.openai).toEqual({
      max_tokens_field: 'max_tokens',
      stream_usage: true,
      auth_header: 'authorization',
      drop_parameters: [],
      extra_body: {},
    });
    expect(config.models[0]?.created).toBe(Date.UTC(2025, 3, 17) / 1000);
    const endpoint = catalog.models.get('thudm/glm-4-32b')?.endpoints[0];
    expect(endpoint?.id).toBe('thudm/glm-4-32b@acme');
    expect(endpoint?.pricing.prompt).toBe(240_000n);
  });

  it('interpolates ${NAME} and ${NAME:-default} in string values', () => {
    const text = EXAMPLE_CONFIG_YAML.replace('port: 8080', 'port: "${PORT:-9000}"').replace(
      'url: sqlite:./data/switchboard.db',
      'url: "sqlite:${DATA_DIR:-./data}/sb.db"',
    );
    const defaults = expectValid(parseConfigText(text, 'c.yaml', { environment }));
    expect(defaults.config.server.port).toBe(9000);
    expect(defaults.config.store.url).toBe('sqlite:./data/sb.db');
    const set = expectValid(parseConfigText(text, 'c.yaml', { environment: { ...environment, PORT: '7000', DATA_DIR: '/var/sb' } }));
    expect(set.config.server.port).toBe(7000);
    expect(set.config.store.url).toBe('sqlite:/var/sb/sb.db');
  });

  it('names the path of an unset variable', () => {
    expect(errorsOf(parseConfigText(EXAMPLE_CONFIG_YAML, 'c.yaml', { environment: {} }))).toEqual([
      'providers[0].api_key: environment variable ACME_API_KEY is not set',
    ]);
  });

  it('treats an empty key from ${NAME:-} as no key', () => {
    const text = EXAMPLE_CONFIG_YAML.replace('${ACME_API_KEY}', '"${ACME_API_KEY:-}"');
    const { catalog } = expectValid(parseConfigText(text, 'c.yaml', { environment: {} }));
    expect(catalog.providers.get('acme')?.apiKey).toBeUndefined();
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf(parseConfigText('server:\n  port: [8080\nmodels: []\n', 'bad.yaml'));
    expect(errors[0]).toMatch(/^bad\.yaml:\d+:\d+: /);
    expect(errorsOf(parseConfigText('\n', 'empty.yaml'))).toEqual([
      'empty.yaml: the file is empty; expected a mapping with providers and models',
    ]);
  });

  it('names unknown fields and suggests the intended one', () => {
    const text = EXAMPLE_CONFIG_YAML.replace('context_length: 32768\n    input', 'contxt_length: 32768\n    input').replace(
      'server: { host: 127.0.0.1, port: 8080 }',
      'server: { host: 127.0.0.1, port: 8080, bogus: 1 }',
    );
    expect(errorsOf(parseConfigText(text, 'c.yaml', { environment }))).toEqual([
      'server.bogus: unknown field',
      'models[0].context_length: is required',
      'models[0].contxt_length: unknown field (did you mean "context_length"?)',
    ]);
  });

  it('collects schema errors across the file', () => {
    const text = EXAMPLE_CONFIG_YAML.replace('data_collection: deny', 'data_collection: maybe')
      .replace('base_url: http://127.0.0.1:9101/v1', 'base_url: not-a-url')
      .replace('created: 2025-04-17', 'created: 2025-02-30')
      .replace('pricing: { prompt: 0.24, completion: 0.24 }', 'pricing: { prompt: true }');
    expect(errorsOf(parseConfigText(text, 'c.yaml', { environment }))).toEqual([
      'providers[0].base_url: expected an absolute URL, got "not-a-url"',
      'providers[0].data_collection: expected one of "allow", "deny", got "maybe"',
      'models[0].created: expected a date (2025-04-17) or unix seconds, got "2025-02-30"',
      'models[0].endpoints[0].pricing.prompt: expected number or string, got true',
      'models[0].endpoints[0].pricing.completion: is required',
    ]);
  });
});

describe('validateConfig', () => {
  it('reports an unknown provider at the endpoint that names it', () => {
    const config = minimalConfig();
    const model = config.models[0];
    config.models.push({ ...model, id: 'qwen/qwen3-32b', endpoints: model?.endpoints ?? [] });
    config.models.push({
      ...model,
      id: 'thudm/glm-4-32b',
      endpoints: [{ provider: 'acme', upstream_model: 'glm', pricing: { prompt: 1, completion: 1 } }],
    });
    expect(errorsOf(validateConfig(config))).toEqual(['models[2].endpoints[0].provider: unknown provider "acme"']);
  });

  it('keeps quantizations, parameters and modalities to the spec\'s vocabularies', () => {
    const config = minimalConfig() as unknown as { models: { input_modalities?: string[]; endpoints: Record<string, unknown>[] }[] };
    const model = config.models[0]!;
    model.input_modalities = ['text', 'smell'];
    model.endpoints[0] = { ...model.endpoints[0], quantization: 'fp9', supported_parameters: ['temperature', 'temprature'] };
    const errors = errorsOf(validateConfig(config)).join('\n');
    expect(errors).toContain('models[0].input_modalities[1]');
    expect(errors).toContain('models[0].endpoints[0].quantization');
    expect(errors).toContain('models[0].endpoints[0].supported_parameters[1]');
  });

  it('collects every cross-check error at once', () => {
    const config = minimalConfig();
    const endpoints = config.models[0]?.endpoints ?? [];
    config.providers.push({ slug: 'swift', name: 'Swift again', adapter: 'anthropic', base_url: 'http://127.0.0.1:1/v1' });
    config.models.push(
      { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Copy', created: 0, context_length: 10, endpoints },
      { id: 'no-author', name: 'Bad id', created: 0, context_length: 10, endpoints },
      { id: 'empty/model', name: 'No endpoints', created: 0, context_length: 10, endpoints: [] },
      {
        id: 'tagged/model',
        name: 'Tags',
        created: 0,
        context_length: 100,
        endpoints: [
          { provider: 'swift', upstream_model: 'a', pricing: { prompt: 1, completion: 1 } },
          { provider: 'swift', upstream_model: 'b', pricing: { prompt: -1, completion: 0.0000001 } },
          { provider: 'swift', tag: 'turbo', upstream_model: 'c', max_completion_tokens: 200, pricing: { prompt: 2, completion: 2 } },
        ],
      },
    );
    expect(errorsOf(validateConfig(config))).toEqual([
      'providers[2].slug: duplicate provider slug "swift" (also providers[0])',
      'models[1].id: duplicate model id "meta-llama/llama-3.3-70b-instruct" (also models[0])',
      'models[2].id: "no-author" is not in author/slug[:variant] form',
      'models[3].endpoints: a model needs at least one endpoint',
      'models[4].endpoints[1].provider: duplicate endpoint tag "swift" (also endpoints[0]); give one a distinct tag:',
      "models[4].endpoints[2].max_completion_tokens: 200 exceeds the endpoint's context_length 100",
    ]);
  });

  it('rejects unknown adapters, listing the known ones, and accepts an injected list', () => {
    const config = minimalConfig();
    const first = config.providers[0];
    if (first) first.adapter = 'bedrock';
    expect(errorsOf(validateConfig(config))).toEqual(['providers[0].adapter: unknown adapter "bedrock" (known: openai, anthropic, gemini)']);
    expectValid(validateConfig(config, { knownAdapters: ['openai', 'bedrock'] }));
  });

  it('gives tagged endpoints provider/tag ids and inherits model values', () => {
    const config = minimalConfig();
    config.models[0]?.endpoints.push({ provider: 'swift', tag: 'turbo', upstream_model: 'llama-70b-turbo', pricing: { prompt: 1, completion: 1 } });
    const { catalog } = expectValid(validateConfig(config));
    const model = catalog.models.get('meta-llama/llama-3.3-70b-instruct');
    expect(model?.endpoints.map((endpoint) => endpoint.id)).toEqual([
      'meta-llama/llama-3.3-70b-instruct@swift',
      'meta-llama/llama-3.3-70b-instruct@cheap',
      'meta-llama/llama-3.3-70b-instruct@swift/turbo',
    ]);
    const turbo = model?.endpoints[2];
    expect(turbo?.tag).toBe('swift/turbo');
    expect(turbo?.contextLength).toBe(131072);
    expect(turbo?.maxCompletionTokens).toBeNull();
    expect(turbo?.quantization).toBe('unknown');
    expect(turbo?.inputModalities).toEqual(['text']);
    expect(turbo?.supportedParameters).toContain('tools');
    expect(turbo?.provider).toBe(catalog.providers.get('swift'));
  });
});

describe('loadConfigFile', () => {
  it('loads a file and reports a missing one', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'switchboard-config-'));
    try {
      const path = join(directory, 'switchboard.yaml');
      await writeFile(path, EXAMPLE_CONFIG_YAML);
      expectValid(await loadConfigFile(path, { environment }));
      const missing = errorsOf(await loadConfigFile(join(directory, 'missing.yaml')));
      expect(missing[0]).toMatch(/missing\.yaml: cannot read config file/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
