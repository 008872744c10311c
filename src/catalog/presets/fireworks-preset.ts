import type { ProviderPreset } from './preset-types.js';
import { CHAT, CHAT_REASONING, presetModel } from './preset-model.js';

const FIREWORKS = [...CHAT, 'top_k', 'repetition_penalty', 'min_p', 'logprobs', 'top_logprobs'] as const;

/** Fireworks AI (fireworks.ai/pricing, docs.fireworks.ai). */
export const FIREWORKS_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['FIREWORKS_API_KEY'] },
  provider: {
    slug: 'fireworks',
    name: 'Fireworks',
    adapter: 'openai',
    base_url: 'https://api.fireworks.ai/inference/v1',
    data_collection: 'deny',
    privacy_policy_url: 'https://fireworks.ai/privacy-policy',
    terms_of_service_url: 'https://fireworks.ai/terms-of-service',
    status_page_url: 'https://status.fireworks.ai/',
  },
  models: [
    { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', created: '2024-12-06', context_length: 131072, upstream_model: 'accounts/fireworks/models/llama-v3p3-70b-instruct', prompt: '0.9', completion: '0.9', supported_parameters: FIREWORKS },
    { id: 'meta-llama/llama-3.1-8b-instruct', name: 'Meta: Llama 3.1 8B Instruct', created: '2024-07-23', context_length: 131072, upstream_model: 'accounts/fireworks/models/llama-v3p1-8b-instruct', prompt: '0.2', completion: '0.2', supported_parameters: FIREWORKS },
    { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', created: '2025-01-20', context_length: 163840, upstream_model: 'accounts/fireworks/models/deepseek-r1', prompt: '3', completion: '8', supported_parameters: CHAT_REASONING },
    { id: 'qwen/qwen3-235b-a22b', name: 'Qwen: Qwen3 235B A22B', created: '2025-04-28', context_length: 131072, upstream_model: 'accounts/fireworks/models/qwen3-235b-a22b', prompt: '0.22', completion: '0.88', supported_parameters: CHAT_REASONING },
  ].map((row) => presetModel('fireworks', row)),
};
