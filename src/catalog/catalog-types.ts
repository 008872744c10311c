import type { Picodollars } from '../spec/money.js';

/**
 * The catalog as the running gateway sees it: validated, normalised, prices in exact
 * picodollars. Built from the YAML config (catalog/load-config.ts) or the demo.
 */

export interface ProviderTimeouts {
  /** TCP/TLS connect. */
  connectMs: number;
  /** From sending the request to the first content part (or the full answer when not streamed). */
  firstTokenMs: number;
  /** Longest silence between two stream chunks. */
  idleMs: number;
  /** Whole request. */
  totalMs: number;
}

/**
 * Wire-format knobs of an OpenAI-compatible upstream. Quirks are configuration, never
 * `if (provider === …)` in code.
 */
export interface OpenAICompatibleOptions {
  /** Which field carries the completion limit upstream. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Ask for a usage chunk in streams (`stream_options.include_usage`). */
  streamUsage: boolean;
  /** Header that carries the key; `authorization` sends `Bearer <key>`, others send the raw key. */
  authHeader: string;
  /** Parameters this upstream rejects: dropped from the body before sending. */
  dropParameters: string[];
  /** Merged into every request body (after translation). */
  extraBody: Record<string, unknown>;
}

/** Wire-format knobs of an Anthropic Messages upstream (`adapter: anthropic`). */
export interface AnthropicOptions {
  /** Sent as `anthropic-version`. */
  version: string;
  /** `max_tokens` when neither the client nor the endpoint's max_completion_tokens gives one (Anthropic requires it). */
  defaultMaxTokens: number;
}

export interface Provider {
  slug: string;
  name: string;
  /** Wire protocol: the adapter registry key (`openai`, later `anthropic`, `gemini`). */
  adapter: string;
  baseUrl: string;
  apiKey?: string;
  /** Does the provider store or train on prompts. */
  dataCollection: 'allow' | 'deny';
  /** Zero data retention (absent means false). */
  zdr?: boolean;
  headers: Record<string, string>;
  timeouts: ProviderTimeouts;
  openai: OpenAICompatibleOptions;
  /** Set for every provider built from config; absent means Anthropic's defaults. */
  anthropic?: AnthropicOptions;
  privacyPolicyUrl?: string;
  termsOfServiceUrl?: string;
  statusPageUrl?: string;
}

/** Prices in picodollars: per token for token kinds, per unit for request and image. */
export interface Pricing {
  prompt: Picodollars;
  completion: Picodollars;
  request: Picodollars;
  image: Picodollars;
  inputCacheRead?: Picodollars;
  inputCacheWrite?: Picodollars;
  internalReasoning?: Picodollars;
}

export interface Endpoint {
  /** Stable id: `<model id>@<tag>`. */
  id: string;
  modelId: string;
  provider: Provider;
  /** Routing tag: the provider slug, or `provider/variant` for a second endpoint of one provider. */
  tag: string;
  upstreamModel: string;
  contextLength: number;
  maxCompletionTokens: number | null;
  maxPromptTokens: number | null;
  quantization: string;
  pricing: Pricing;
  supportedParameters: string[];
  inputModalities: string[];
}

export interface Model {
  id: string;
  /** Permanent slug; equals id unless the config names one. */
  canonicalSlug: string;
  name: string;
  /** Unix seconds. */
  created: number;
  description: string;
  contextLength: number;
  inputModalities: string[];
  outputModalities: string[];
  tokenizer: string;
  instructType: string | null;
  endpoints: Endpoint[];
  /** Per-model routing defaults (absent means off). */
  routing?: { hedge: boolean; resume: boolean };
}

export interface Catalog {
  providers: Map<string, Provider>;
  /** By model id, static variants (`:free`) included as their own entries. */
  models: Map<string, Model>;
}
