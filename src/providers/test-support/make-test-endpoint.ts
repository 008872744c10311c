import type { Endpoint, OpenAICompatibleOptions, Provider } from '../../catalog/catalog-types.js';

/** Overrides for a test provider; `openai` is merged over the defaults. */
export interface TestEndpointOptions {
  baseUrl: string;
  adapter?: string;
  slug?: string;
  name?: string;
  apiKey?: string | undefined;
  headers?: Record<string, string>;
  openai?: Partial<OpenAICompatibleOptions>;
  timeouts?: Partial<Provider['timeouts']>;
  upstreamModel?: string;
}

/** A fixed test key: tests assert it never appears in errors. */
export const TEST_API_KEY = 'sk-test-SECRET-0123456789abcdef';

/** A complete Endpoint (and Provider) pointing at a fake upstream, with realistic defaults. */
export function makeTestEndpoint(options: TestEndpointOptions): Endpoint {
  const slug = options.slug ?? 'fake-provider';
  const provider: Provider = {
    slug,
    name: options.name ?? 'Fake Provider',
    adapter: options.adapter ?? 'openai',
    baseUrl: options.baseUrl,
    dataCollection: 'deny',
    headers: options.headers ?? {},
    timeouts: { connectMs: 2_000, firstTokenMs: 10_000, idleMs: 10_000, totalMs: 30_000, ...options.timeouts },
    openai: {
      maxTokensField: 'max_tokens',
      streamUsage: true,
      authHeader: 'authorization',
      dropParameters: [],
      extraBody: {},
      ...options.openai,
    },
  };
  if (!('apiKey' in options)) provider.apiKey = TEST_API_KEY;
  else if (options.apiKey !== undefined) provider.apiKey = options.apiKey;
  const upstreamModel = options.upstreamModel ?? 'gpt-4o-mini-2024-07-18';
  return {
    id: `test/model@${slug}`,
    modelId: 'test/model',
    provider,
    tag: slug,
    upstreamModel,
    contextLength: 128_000,
    maxCompletionTokens: 16_384,
    maxPromptTokens: null,
    quantization: 'unknown',
    pricing: { prompt: 150_000n, completion: 600_000n, request: 0n, image: 0n },
    supportedParameters: ['tools', 'tool_choice', 'temperature', 'max_tokens', 'response_format', 'reasoning'],
    inputModalities: ['text', 'image'],
  };
}
