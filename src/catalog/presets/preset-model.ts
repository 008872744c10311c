import type { PARAMETERS, INPUT_MODALITIES, QUANTIZATIONS } from '../catalog-vocabulary.js';
import type { PresetModelInput } from './preset-types.js';

type Parameter = (typeof PARAMETERS)[number];

/** What an OpenAI-compatible chat endpoint typically takes. */
export const CHAT: readonly Parameter[] = ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'seed', 'response_format', 'tools', 'tool_choice'];
/** Reasoning models that also take the sampling knobs. */
export const CHAT_REASONING: readonly Parameter[] = [...CHAT, 'reasoning', 'include_reasoning'];

/** One model row of a preset catalog, compactly: one endpoint on the preset's provider. */
export interface PresetModelRow {
  id: string;
  name: string;
  /** Release date, YYYY-MM-DD. */
  created: string;
  context_length: number;
  max_completion_tokens?: number;
  upstream_model: string;
  /** USD per million tokens. */
  prompt: string;
  completion: string;
  input_cache_read?: string;
  input_cache_write?: string;
  supported_parameters: readonly Parameter[];
  input_modalities?: readonly (typeof INPUT_MODALITIES)[number][];
  quantization?: (typeof QUANTIZATIONS)[number];
  tokenizer?: string;
}

/**
 * A row in the config file's own model shape. Prices stay decimal strings, so the catalog
 * build converts them exactly (no float on the way).
 */
export function presetModel(provider: string, row: PresetModelRow): PresetModelInput {
  const pricing: Record<string, string> = { prompt: row.prompt, completion: row.completion };
  if (row.input_cache_read !== undefined) pricing.input_cache_read = row.input_cache_read;
  if (row.input_cache_write !== undefined) pricing.input_cache_write = row.input_cache_write;
  return {
    id: row.id,
    name: row.name,
    created: row.created,
    context_length: row.context_length,
    ...(row.input_modalities ? { input_modalities: [...row.input_modalities] } : {}),
    ...(row.tokenizer ? { tokenizer: row.tokenizer } : {}),
    endpoints: [
      {
        provider,
        upstream_model: row.upstream_model,
        context_length: row.context_length,
        ...(row.max_completion_tokens !== undefined ? { max_completion_tokens: row.max_completion_tokens } : {}),
        ...(row.quantization ? { quantization: row.quantization } : {}),
        pricing: pricing as { prompt: string; completion: string },
        supported_parameters: [...row.supported_parameters],
      },
    ],
  };
}
