import { z } from 'zod';
import { INPUT_MODALITIES, OUTPUT_MODALITIES, PARAMETERS } from '../catalog-vocabulary.js';
import type { GatewayConfigInput } from '../config-schema.js';
import { perTokenToPerMillion } from './per-token-to-per-million.js';

type ModelInput = GatewayConfigInput['models'][number];

const price = z.union([z.string(), z.number()]);

/** The fields of OpenRouter's Model (S:Model) the import uses; the rest is ignored. */
const openRouterModelSchema = z
  .object({
    id: z.string().min(1),
    canonical_slug: z.string().nullish(),
    name: z.string().min(1),
    created: z.number().int().nonnegative(),
    description: z.string().nullish(),
    context_length: z.number().int().nullish(),
    architecture: z
      .object({
        input_modalities: z.array(z.string()).nullish(),
        output_modalities: z.array(z.string()).nullish(),
        tokenizer: z.string().nullish(),
        instruct_type: z.string().nullish(),
      })
      .loose()
      .nullish(),
    pricing: z
      .object({
        prompt: price,
        completion: price,
        request: price.nullish(),
        image: price.nullish(),
        input_cache_read: price.nullish(),
        input_cache_write: price.nullish(),
        internal_reasoning: price.nullish(),
      })
      .loose(),
    supported_parameters: z.array(z.string()).nullish(),
    top_provider: z.object({ context_length: z.number().int().nullish(), max_completion_tokens: z.number().int().nullish() }).loose().nullish(),
  })
  .loose();

/** `GET /api/v1/models` (S:ModelsListResponse), or its bare `data` array. */
export const modelsListSchema = z.union([z.object({ data: z.array(z.unknown()) }).loose(), z.array(z.unknown())]);

export interface ImportResult {
  models: ModelInput[];
  /** Entries that could not become a model, with why. */
  skipped: { id: string; reason: string }[];
}

const TOKEN_PRICES = ['prompt', 'completion', 'input_cache_read', 'input_cache_write', 'internal_reasoning'] as const;

/**
 * OpenRouter's model list → `models:` entries of our config, each with one endpoint on
 * `provider` (upstream model = the OpenRouter id, which is what OpenRouter itself serves).
 * Per-token prices become exact per-million decimals; values outside our vocabularies
 * (parameters, modalities) are left out rather than failing validation.
 */
export function convertOpenRouterModels(document: unknown, provider: string): ImportResult {
  const list = modelsListSchema.parse(document);
  const entries = Array.isArray(list) ? list : list.data;
  const result: ImportResult = { models: [], skipped: [] };
  for (const [index, entry] of entries.entries()) {
    const parsed = openRouterModelSchema.safeParse(entry);
    if (!parsed.success) {
      const id = entry !== null && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : `data[${index}]`;
      result.skipped.push({ id, reason: `not an OpenRouter model object (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})` });
      continue;
    }
    const converted = convertModel(parsed.data, provider);
    if (typeof converted === 'string') result.skipped.push({ id: parsed.data.id, reason: converted });
    else result.models.push(converted);
  }
  return result;
}

function convertModel(model: z.infer<typeof openRouterModelSchema>, provider: string): ModelInput | string {
  const contextLength = model.context_length ?? model.top_provider?.context_length;
  if (!contextLength || contextLength < 1) return 'no context_length';
  const pricing: Record<string, string> = {};
  for (const field of TOKEN_PRICES) {
    const value = model.pricing[field];
    if (value === undefined || value === null) continue;
    const perMillion = perTokenToPerMillion(value);
    if (perMillion === null) return `pricing.${field} ${JSON.stringify(value)} is not a fixed price`;
    pricing[field] = perMillion;
  }
  for (const field of ['request', 'image'] as const) {
    const value = model.pricing[field];
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (!/^\d+(?:\.\d+)?$/.test(text)) return `pricing.${field} ${JSON.stringify(value)} is not a fixed price`;
    if (Number(text) !== 0) pricing[field] = text;
  }
  const maxCompletion = model.top_provider?.max_completion_tokens;
  const inputModalities = known(model.architecture?.input_modalities, INPUT_MODALITIES);
  const outputModalities = known(model.architecture?.output_modalities, OUTPUT_MODALITIES);
  const parameters = known(model.supported_parameters, PARAMETERS);
  const out: ModelInput = { id: model.id, name: model.name, created: model.created, context_length: contextLength };
  if (model.canonical_slug && model.canonical_slug !== model.id) out.canonical_slug = model.canonical_slug;
  if (model.description) out.description = model.description;
  if (inputModalities?.length) out.input_modalities = inputModalities;
  if (outputModalities?.length) out.output_modalities = outputModalities;
  if (model.architecture?.tokenizer) out.tokenizer = model.architecture.tokenizer;
  if (model.architecture?.instruct_type) out.instruct_type = model.architecture.instruct_type;
  out.endpoints = [
    {
      provider,
      upstream_model: model.id,
      ...(maxCompletion && maxCompletion <= contextLength ? { max_completion_tokens: maxCompletion } : {}),
      pricing: pricing as { prompt: string; completion: string },
      ...(parameters ? { supported_parameters: parameters } : {}),
    },
  ];
  return out;
}

function known<T extends string>(values: readonly string[] | null | undefined, vocabulary: readonly T[]): T[] | undefined {
  if (!values) return undefined;
  return values.filter((value): value is T => (vocabulary as readonly string[]).includes(value));
}
