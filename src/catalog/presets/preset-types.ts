import type { GatewayConfigInput } from '../config-schema.js';

export type PresetProviderInput = Omit<GatewayConfigInput['providers'][number], 'api_key'>;
export type PresetModelInput = GatewayConfigInput['models'][number];

/**
 * A served model of a local server (vLLM, llama.cpp, Ollama): which model it runs is the
 * operator's choice, so its name comes from an environment variable, with a default.
 */
export interface LocalModelSpec {
  /** Environment variable naming the served model (as the server expects it in `model`). */
  env: string;
  default: string;
  context_length: number;
}

/**
 * A built-in provider definition: the provider entry of the config file (without its key),
 * what enables it, and a dated catalog of its main models in the config file's own shape, so
 * the same schema validates both. Prices are USD per million tokens as published on
 * `catalog_date`; an operator's own config entries override them.
 */
export interface ProviderPreset {
  provider: PresetProviderInput;
  /** When the prices, limits and model list were taken from the provider's pages. */
  catalog_date: string;
  /**
   * Hosted APIs: the first of these environment variables that is set is the API key. Local
   * servers: `base_url_env` holds the server's URL (no key needed).
   */
  enabled_by: { api_key_env: readonly string[] } | { base_url_env: string };
  models: readonly PresetModelInput[];
  /** Local servers: the one model they serve, named by the environment. */
  local_model?: LocalModelSpec;
}
