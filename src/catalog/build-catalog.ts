import type { Catalog, Endpoint, Model, Provider } from './catalog-types.js';
import type { EndpointConfig, GatewayConfig, ModelConfig, ProviderConfig } from './config-schema.js';
import { configError } from './config-path.js';
import { convertPricing } from './convert-pricing.js';

/** Wire protocols the gateway ships adapters for; the adapter registry may pass its own list. */
export const DEFAULT_KNOWN_ADAPTERS: readonly string[] = ['openai', 'anthropic', 'gemini'];

/**
 * Parameters an OpenAI-compatible endpoint is assumed to accept when its config does not
 * list them: what vLLM, llama.cpp, Ollama and the hosted OpenAI-compatible APIs all take.
 */
export const DEFAULT_SUPPORTED_PARAMETERS: readonly string[] = [
  'max_tokens',
  'temperature',
  'top_p',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'seed',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'response_format',
  'tools',
  'tool_choice',
];

const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*(?::[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const TAG_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/** What the catalog build needs besides the config: the adapter registry's names. */
export interface BuildCatalogOptions {
  /** Adapter registry keys; defaults to DEFAULT_KNOWN_ADAPTERS. */
  knownAdapters?: readonly string[];
}

/** A catalog, or every cross-check error (path-scoped); never a throw for a user mistake. */
export type BuildCatalogResult = { ok: true; catalog: Catalog } | { ok: false; errors: string[] };

/**
 * A schema-valid config → the runtime Catalog (camelCase, exact picodollar prices), with the
 * cross-checks a schema cannot express: unknown adapters and providers, duplicates, id forms,
 * endpoint tags and prices. All errors are collected, each scoped to its config path.
 */
export function buildCatalog(config: GatewayConfig, options: BuildCatalogOptions = {}): BuildCatalogResult {
  const errors: string[] = [];
  const knownAdapters = options.knownAdapters ?? DEFAULT_KNOWN_ADAPTERS;
  const providers = new Map<string, Provider>();
  const providerIndex = new Map<string, number>();

  config.providers.forEach((providerConfig, index) => {
    const path = ['providers', index];
    const earlier = providerIndex.get(providerConfig.slug);
    if (earlier !== undefined) {
      errors.push(configError([...path, 'slug'], `duplicate provider slug "${providerConfig.slug}" (also providers[${earlier}])`));
      return;
    }
    providerIndex.set(providerConfig.slug, index);
    if (!knownAdapters.includes(providerConfig.adapter)) {
      errors.push(
        configError([...path, 'adapter'], `unknown adapter "${providerConfig.adapter}" (known: ${knownAdapters.join(', ')})`),
      );
    }
    providers.set(providerConfig.slug, toProvider(providerConfig));
  });

  const models = new Map<string, Model>();
  const modelIndex = new Map<string, number>();
  config.models.forEach((modelConfig, index) => {
    const path = ['models', index];
    if (!MODEL_ID_PATTERN.test(modelConfig.id)) {
      errors.push(configError([...path, 'id'], `"${modelConfig.id}" is not in author/slug[:variant] form`));
    }
    const earlier = modelIndex.get(modelConfig.id);
    if (earlier !== undefined) {
      errors.push(configError([...path, 'id'], `duplicate model id "${modelConfig.id}" (also models[${earlier}])`));
      return;
    }
    modelIndex.set(modelConfig.id, index);
    models.set(modelConfig.id, toModel(modelConfig, path, providers, errors));
  });

  config.demo?.simulators.forEach((simulator, index) => {
    if (!providers.has(simulator.provider)) {
      errors.push(configError(['demo', 'simulators', index, 'provider'], `unknown provider "${simulator.provider}"`));
    }
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, catalog: { providers, models } };
}

function toProvider(config: ProviderConfig): Provider {
  const provider: Provider = {
    slug: config.slug,
    name: config.name,
    adapter: config.adapter,
    baseUrl: config.base_url.replace(/\/+$/, ''),
    dataCollection: config.data_collection,
    zdr: config.zdr,
    headers: { ...config.headers },
    timeouts: {
      connectMs: config.timeouts.connect_ms,
      firstTokenMs: config.timeouts.first_token_ms,
      idleMs: config.timeouts.idle_ms,
      totalMs: config.timeouts.total_ms,
    },
    openai: {
      maxTokensField: config.openai.max_tokens_field,
      streamUsage: config.openai.stream_usage,
      authHeader: config.openai.auth_header.toLowerCase(),
      dropParameters: [...config.openai.drop_parameters],
      extraBody: { ...config.openai.extra_body },
    },
    anthropic: { version: config.anthropic.version, defaultMaxTokens: config.anthropic.default_max_tokens },
  };
  if (config.api_key !== undefined && config.api_key !== '') provider.apiKey = config.api_key;
  if (config.privacy_policy_url !== undefined) provider.privacyPolicyUrl = config.privacy_policy_url;
  if (config.terms_of_service_url !== undefined) provider.termsOfServiceUrl = config.terms_of_service_url;
  if (config.status_page_url !== undefined) provider.statusPageUrl = config.status_page_url;
  return provider;
}

function toModel(
  config: ModelConfig,
  path: readonly PropertyKey[],
  providers: ReadonlyMap<string, Provider>,
  errors: string[],
): Model {
  const model: Model = {
    id: config.id,
    canonicalSlug: config.canonical_slug ?? config.id,
    name: config.name,
    created: config.created,
    description: config.description,
    contextLength: config.context_length,
    inputModalities: [...config.input_modalities],
    outputModalities: [...config.output_modalities],
    tokenizer: config.tokenizer,
    instructType: config.instruct_type,
    endpoints: [],
  };
  if (config.routing) model.routing = { hedge: config.routing.hedge, resume: config.routing.resume };
  if (config.endpoints.length === 0) {
    errors.push(configError([...path, 'endpoints'], 'a model needs at least one endpoint'));
  }
  const tagIndex = new Map<string, number>();
  config.endpoints.forEach((endpointConfig, index) => {
    const endpointPath = [...path, 'endpoints', index];
    const provider = providers.get(endpointConfig.provider);
    if (!provider) {
      errors.push(configError([...endpointPath, 'provider'], `unknown provider "${endpointConfig.provider}"`));
      return;
    }
    const tag = endpointTag(endpointConfig, endpointPath, errors);
    const earlier = tagIndex.get(tag);
    if (earlier !== undefined) {
      const field = endpointConfig.tag === undefined ? 'provider' : 'tag';
      errors.push(
        configError([...endpointPath, field], `duplicate endpoint tag "${tag}" (also endpoints[${earlier}]); give one a distinct tag:`),
      );
      return;
    }
    tagIndex.set(tag, index);
    model.endpoints.push(toEndpoint(endpointConfig, model, provider, tag, endpointPath, errors));
  });
  return model;
}

/** The routing tag: the provider slug, or `provider/<tag>` for a named variant endpoint. */
function endpointTag(config: EndpointConfig, path: readonly PropertyKey[], errors: string[]): string {
  if (config.tag === undefined) return config.provider;
  const suffix = config.tag.startsWith(`${config.provider}/`) ? config.tag.slice(config.provider.length + 1) : config.tag;
  if (!TAG_PATTERN.test(suffix)) {
    errors.push(configError([...path, 'tag'], `"${config.tag}" is not a valid tag (lower-case letters, digits, ".", "_" and "-")`));
  }
  return `${config.provider}/${suffix}`;
}

function toEndpoint(
  config: EndpointConfig,
  model: Model,
  provider: Provider,
  tag: string,
  path: readonly PropertyKey[],
  errors: string[],
): Endpoint {
  const contextLength = config.context_length ?? model.contextLength;
  if (config.max_completion_tokens !== null && config.max_completion_tokens > contextLength) {
    errors.push(
      configError(
        [...path, 'max_completion_tokens'],
        `${config.max_completion_tokens} exceeds the endpoint's context_length ${contextLength}`,
      ),
    );
  }
  const inputModalities = config.input_modalities ?? model.inputModalities;
  for (const modality of inputModalities) {
    if (!model.inputModalities.includes(modality)) {
      errors.push(configError([...path, 'input_modalities'], `"${modality}" is not an input modality of the model`));
    }
  }
  return {
    id: `${model.id}@${tag}`,
    modelId: model.id,
    provider,
    tag,
    upstreamModel: config.upstream_model,
    contextLength,
    maxCompletionTokens: config.max_completion_tokens,
    maxPromptTokens: config.max_prompt_tokens,
    quantization: config.quantization,
    pricing: convertPricing(config.pricing, [...path, 'pricing'], errors),
    supportedParameters: [...(config.supported_parameters ?? DEFAULT_SUPPORTED_PARAMETERS)],
    inputModalities: [...inputModalities],
  };
}
