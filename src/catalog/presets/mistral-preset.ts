import type { ProviderPreset } from './preset-types.js';
import { presetModel } from './preset-model.js';

// Mistral's API rejects unknown fields with 422 "Extra inputs are not permitted".
const MISTRAL = ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'response_format', 'structured_outputs', 'tools', 'tool_choice', 'parallel_tool_calls'] as const;

/** Mistral AI (mistral.ai/pricing#api-pricing, docs.mistral.ai/getting-started/models). */
export const MISTRAL_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['MISTRAL_API_KEY'] },
  provider: {
    slug: 'mistral',
    name: 'Mistral',
    adapter: 'openai',
    base_url: 'https://api.mistral.ai/v1',
    data_collection: 'deny',
    // Streams carry usage on their last chunk unasked; `stream_options`, `seed` (Mistral calls
    // it random_seed), `user` and the logprob fields are refused with a 422.
    openai: { stream_usage: false, drop_parameters: ['seed', 'user', 'logit_bias', 'logprobs', 'top_logprobs'] },
    privacy_policy_url: 'https://mistral.ai/terms#privacy-policy',
    terms_of_service_url: 'https://mistral.ai/terms#terms-of-service',
    status_page_url: 'https://status.mistral.ai/',
  },
  models: [
    { id: 'mistralai/mistral-large', name: 'Mistral Large', created: '2024-11-18', context_length: 131072, upstream_model: 'mistral-large-2411', prompt: '2', completion: '6' },
    { id: 'mistralai/mistral-medium-3', name: 'Mistral: Mistral Medium 3', created: '2025-05-07', context_length: 131072, upstream_model: 'mistral-medium-2505', prompt: '0.4', completion: '2' },
    { id: 'mistralai/mistral-small-3.2-24b-instruct', name: 'Mistral: Mistral Small 3.2 24B', created: '2025-06-20', context_length: 131072, upstream_model: 'mistral-small-2506', prompt: '0.1', completion: '0.3' },
    { id: 'mistralai/codestral-2501', name: 'Mistral: Codestral 2501', created: '2025-01-14', context_length: 262144, upstream_model: 'codestral-2501', prompt: '0.3', completion: '0.9' },
    { id: 'mistralai/ministral-8b', name: 'Mistral: Ministral 8B', created: '2024-10-16', context_length: 131072, upstream_model: 'ministral-8b-2410', prompt: '0.1', completion: '0.1' },
  ].map((row) => presetModel('mistral', { ...row, supported_parameters: MISTRAL, tokenizer: 'Mistral' })),
};
