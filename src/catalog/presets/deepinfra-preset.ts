import type { ProviderPreset } from './preset-types.js';
import { CHAT, CHAT_REASONING, presetModel } from './preset-model.js';

const DEEPINFRA = [...CHAT, 'top_k', 'repetition_penalty', 'min_p', 'logit_bias', 'logprobs'] as const;

/** DeepInfra (deepinfra.com/pricing, deepinfra.com/docs/openai_api). */
export const DEEPINFRA_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['DEEPINFRA_API_KEY'] },
  provider: {
    slug: 'deepinfra',
    name: 'DeepInfra',
    adapter: 'openai',
    base_url: 'https://api.deepinfra.com/v1/openai',
    data_collection: 'deny',
    privacy_policy_url: 'https://deepinfra.com/privacy',
    terms_of_service_url: 'https://deepinfra.com/terms',
    status_page_url: 'https://status.deepinfra.com/',
  },
  models: [
    { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', created: '2024-12-06', context_length: 131072, max_completion_tokens: 16384, upstream_model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', prompt: '0.23', completion: '0.4', quantization: 'fp8' as const, supported_parameters: DEEPINFRA },
    { id: 'meta-llama/llama-3.1-8b-instruct', name: 'Meta: Llama 3.1 8B Instruct', created: '2024-07-23', context_length: 131072, max_completion_tokens: 16384, upstream_model: 'meta-llama/Meta-Llama-3.1-8B-Instruct', prompt: '0.03', completion: '0.05', quantization: 'bf16' as const, supported_parameters: DEEPINFRA },
    { id: 'qwen/qwen3-32b', name: 'Qwen: Qwen3 32B', created: '2025-04-28', context_length: 40960, upstream_model: 'Qwen/Qwen3-32B', prompt: '0.1', completion: '0.3', quantization: 'bf16' as const, supported_parameters: CHAT_REASONING },
    { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', created: '2025-01-20', context_length: 163840, upstream_model: 'deepseek-ai/DeepSeek-R1', prompt: '0.7', completion: '2.4', quantization: 'fp8' as const, supported_parameters: CHAT_REASONING },
  ].map((row) => presetModel('deepinfra', row)),
};
