import type { Catalog, Endpoint, Model, Provider } from '../../catalog/catalog-types.js';

/** One endpoint as a routing test describes it: USD per million tokens, capabilities. */
export interface EndpointSpec {
  provider: string;
  /** `provider/variant` for a second endpoint of one provider. */
  tag?: string;
  prompt?: number;
  completion?: number;
  request?: number;
  image?: number;
  cacheRead?: number;
  contextLength?: number;
  maxCompletionTokens?: number | null;
  quantization?: string;
  parameters?: string[];
  modalities?: string[];
  dataCollection?: 'allow' | 'deny';
  zdr?: boolean;
  adapter?: string;
  timeouts?: Partial<Provider['timeouts']>;
}

export interface ModelSpec {
  id: string;
  tokenizer?: string;
  endpoints: EndpointSpec[];
  routing?: Model['routing'];
}

const PICODOLLARS_PER_USD_PER_MILLION = 1_000_000;

/** A Catalog built directly (no YAML), for planner and executor tests. */
export function routingCatalog(models: ModelSpec[]): Catalog {
  const providers = new Map<string, Provider>();
  const catalog: Catalog = { providers, models: new Map() };
  for (const spec of models) {
    const model: Model = {
      id: spec.id,
      canonicalSlug: spec.id,
      name: spec.id,
      created: 1_744_848_000,
      description: '',
      contextLength: 32_768,
      inputModalities: ['text', 'image'],
      outputModalities: ['text'],
      tokenizer: spec.tokenizer ?? 'GPT',
      instructType: null,
      endpoints: [],
    };
    if (spec.routing) model.routing = spec.routing;
    for (const endpoint of spec.endpoints) model.endpoints.push(makeEndpoint(model, endpoint, providers));
    catalog.models.set(spec.id, model);
  }
  return catalog;
}

function makeEndpoint(model: Model, spec: EndpointSpec, providers: Map<string, Provider>): Endpoint {
  let provider = providers.get(spec.provider);
  if (!provider) {
    provider = {
      slug: spec.provider,
      name: spec.provider.toUpperCase(),
      adapter: spec.adapter ?? 'fake',
      baseUrl: `http://${spec.provider}.invalid/v1`,
      dataCollection: spec.dataCollection ?? 'deny',
      zdr: spec.zdr ?? false,
      headers: {},
      timeouts: { connectMs: 1_000, firstTokenMs: 5_000, idleMs: 5_000, totalMs: 20_000, ...spec.timeouts },
      openai: { maxTokensField: 'max_tokens', streamUsage: true, authHeader: 'authorization', dropParameters: [], extraBody: {} },
    };
    providers.set(spec.provider, provider);
  }
  const tag = spec.tag ?? spec.provider;
  const price = (usd: number | undefined, scale: number): bigint => BigInt(Math.round((usd ?? 0) * scale));
  const endpoint: Endpoint = {
    id: `${model.id}@${tag}`,
    modelId: model.id,
    provider,
    tag,
    upstreamModel: `${tag}-model`,
    contextLength: spec.contextLength ?? 32_768,
    maxCompletionTokens: spec.maxCompletionTokens ?? null,
    maxPromptTokens: null,
    quantization: spec.quantization ?? 'unknown',
    pricing: {
      prompt: price(spec.prompt ?? 1, PICODOLLARS_PER_USD_PER_MILLION),
      completion: price(spec.completion ?? 1, PICODOLLARS_PER_USD_PER_MILLION),
      request: price(spec.request, 1e12),
      image: price(spec.image, 1e12),
    },
    supportedParameters: spec.parameters ?? ['max_tokens', 'temperature', 'tools', 'tool_choice', 'response_format'],
    inputModalities: spec.modalities ?? ['text'],
  };
  if (spec.cacheRead !== undefined) endpoint.pricing.inputCacheRead = price(spec.cacheRead, PICODOLLARS_PER_USD_PER_MILLION);
  return endpoint;
}
