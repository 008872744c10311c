import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseConfigText, validateConfig } from '../load-config.js';
import { getAdapter } from '../../providers/adapter-registry.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { demoProviderKey } from './demo-config.js';
import { startDemo, type RunningDemo } from './start-demo.js';

// Per-request overrides keep the demo's random failures and slow providers out of the test.
const RELIABLE_AND_FAST = { 'x-sim-error': 'none', 'x-sim-latency-ms': '0', 'x-sim-tps': '100000' };

describe('startDemo', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ host: '0.0.0.0' });
  });
  afterAll(() => demo.close());

  it('produces a config that validates like a user file, in object and YAML form', () => {
    expect(validateConfig(demo.catalogInputs).ok).toBe(true);
    const reparsed = parseConfigText(stringify(demo.catalogInputs), 'demo.yaml', { environment: {} });
    expect(reparsed.ok && reparsed.config).toEqual(demo.config);
    expect(demo.config.server.host).toBe('0.0.0.0');
    expect(demo.config.store.url).toBe('sqlite:./data/demo.db');
  });

  it('has at least six models, each with two or more endpoints on distinct simulated providers', () => {
    const models = [...demo.catalog.models.values()];
    expect(models.length).toBeGreaterThanOrEqual(6);
    for (const model of models) {
      expect(model.endpoints.length, model.id).toBeGreaterThanOrEqual(2);
      expect(new Set(model.endpoints.map((endpoint) => endpoint.tag)).size).toBe(model.endpoints.length);
    }
    expect(demo.catalog.models.has('thudm/glm-4-32b')).toBe(true);
    const free = demo.catalog.models.get('thudm/glm-4-32b:free');
    expect(free?.endpoints.every((endpoint) => endpoint.pricing.prompt === 0n && endpoint.pricing.completion === 0n)).toBe(true);
    expect(demo.catalog.providers.size).toBeGreaterThanOrEqual(4);
  });

  it('differs in price, speed and reliability between providers', () => {
    const simulators = demo.config.demo?.simulators ?? [];
    expect(new Set(simulators.map((simulator) => simulator.tokens_per_second)).size).toBe(simulators.length);
    expect(simulators.some((simulator) => simulator.outage !== undefined)).toBe(true);
    expect(new Set(simulators.map((simulator) => simulator.error_rate)).size).toBeGreaterThan(1);
    const llama = demo.catalog.models.get('meta-llama/llama-3.3-70b-instruct');
    expect(new Set(llama?.endpoints.map((endpoint) => endpoint.pricing.prompt)).size).toBe(llama?.endpoints.length);
  });

  it('answers on every endpoint through its provider simulator, with the provider key', async () => {
    for (const model of demo.catalog.models.values()) {
      for (const endpoint of model.endpoints) {
        if (endpoint.provider.adapter === 'gemini') {
          // The Gemini wire (its own base path, /v1beta) is spoken through its adapter, with the same overrides.
          const adapter = getAdapter(endpoint.provider.adapter);
          const withOverrides = { ...endpoint, provider: { ...endpoint.provider, headers: RELIABLE_AND_FAST } };
          const request: ChatRequest = { kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: `Hello from ${endpoint.id}` }] }], stream: false, passthrough: {} };
          const result = await adapter?.complete(request, { endpoint: withOverrides, signal: new AbortController().signal, clientHeaders: {} });
          expect(result?.content, endpoint.id).toBeTruthy();
          continue;
        }
        const client = new OpenAI({
          baseURL: endpoint.provider.baseUrl,
          apiKey: endpoint.provider.apiKey ?? '',
          defaultHeaders: RELIABLE_AND_FAST,
          maxRetries: 0,
        });
        const completion = await client.chat.completions.create({
          model: endpoint.upstreamModel,
          messages: [{ role: 'user', content: `Hello from ${endpoint.id}` }],
        });
        expect(completion.choices[0]?.message.content, endpoint.id).toBeTruthy();
      }
    }
    for (const [slug, simulator] of demo.simulators) {
      const headers = simulator.requests.at(-1)?.headers;
      if (demo.catalog.providers.get(slug)?.adapter === 'gemini') expect(headers?.['x-goog-api-key']).toBe(demoProviderKey(slug));
      else expect(headers?.authorization).toBe(`Bearer ${demoProviderKey(slug)}`);
    }
  });

  it('serves its Anthropic-wire provider over /v1/messages with the key in x-api-key', async () => {
    const anthropicEndpoints = [...demo.catalog.models.values()].flatMap((model) => model.endpoints).filter((endpoint) => endpoint.provider.adapter === 'anthropic');
    expect(anthropicEndpoints.length).toBeGreaterThanOrEqual(1);
    for (const endpoint of anthropicEndpoints) {
      const response = await fetch(`${endpoint.provider.baseUrl}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': endpoint.provider.apiKey ?? '', 'anthropic-version': '2023-06-01', ...RELIABLE_AND_FAST },
        body: JSON.stringify({ model: endpoint.upstreamModel, max_tokens: 64, messages: [{ role: 'user', content: `Hello from ${endpoint.id}` }] }),
      });
      expect(response.status, endpoint.id).toBe(200);
      expect(await response.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text' }] });
    }
  });
});
