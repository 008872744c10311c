import type { Endpoint, Model } from '../../catalog/catalog-types.js';
import { encodePricing } from './encode-pricing.js';

/** `text->text`, `text+image->text`: OpenRouter's modality summary. */
export function modalitySummary(model: Model): string {
  return `${model.inputModalities.join('+')}->${model.outputModalities.join('+')}`;
}

/** S:ModelArchitecture. */
export function encodeArchitecture(model: Model): Record<string, unknown> {
  return {
    modality: modalitySummary(model),
    input_modalities: model.inputModalities,
    output_modalities: model.outputModalities,
    tokenizer: model.tokenizer,
    instruct_type: model.instructType,
  };
}

/**
 * The endpoint a model's headline numbers come from: the cheapest (what default routing
 * prefers), as OpenRouter's `/models` shows its top provider.
 */
export function topEndpoint(model: Model): Endpoint | undefined {
  let best: Endpoint | undefined;
  for (const endpoint of model.endpoints) {
    if (!best) best = endpoint;
    else if (endpoint.pricing.prompt + endpoint.pricing.completion < best.pricing.prompt + best.pricing.completion) best = endpoint;
  }
  return best;
}

/** Parameters any endpoint of the model supports. */
export function modelSupportedParameters(model: Model): string[] {
  const names = new Set<string>();
  for (const endpoint of model.endpoints) for (const name of endpoint.supportedParameters) names.add(name);
  return [...names];
}

/** S:Model, one row of `GET /models`. */
export function encodeModel(model: Model): Record<string, unknown> {
  const top = topEndpoint(model);
  const maxCompletion = model.endpoints.reduce<number | null>((max, endpoint) => {
    if (endpoint.maxCompletionTokens === null) return max;
    return max === null ? endpoint.maxCompletionTokens : Math.max(max, endpoint.maxCompletionTokens);
  }, null);
  return {
    id: model.id,
    canonical_slug: model.canonicalSlug,
    hugging_face_id: null,
    name: model.name,
    created: model.created,
    description: model.description,
    context_length: model.contextLength,
    architecture: encodeArchitecture(model),
    pricing: top ? encodePricing(top.pricing) : { prompt: '0', completion: '0' },
    top_provider: {
      context_length: top?.contextLength ?? model.contextLength,
      max_completion_tokens: maxCompletion,
      is_moderated: false,
    },
    per_request_limits: null,
    supported_parameters: modelSupportedParameters(model),
    default_parameters: null,
    supported_voices: null,
    links: { details: `/api/v1/models/${model.id}/endpoints` },
  };
}
