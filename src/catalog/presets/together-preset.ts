import type { ProviderPreset } from './preset-types.js';
import { CHAT, CHAT_REASONING, presetModel } from './preset-model.js';

const TOGETHER = [...CHAT, 'top_k', 'repetition_penalty', 'min_p', 'logit_bias', 'logprobs'] as const;

/** Together AI (together.ai/pricing, docs.together.ai/docs/serverless-models). */
export const TOGETHER_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['TOGETHER_API_KEY'] },
  provider: {
    slug: 'together',
    name: 'Together',
    adapter: 'openai',
    base_url: 'https://api.together.xyz/v1',
    data_collection: 'deny',
    privacy_policy_url: 'https://www.together.ai/privacy',
    terms_of_service_url: 'https://www.together.ai/terms-of-service',
    status_page_url: 'https://status.together.ai/',
  },
  models: [
    { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', created: '2024-12-06', context_length: 131072, upstream_model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', prompt: '0.88', completion: '0.88', quantization: 'fp8' as const, supported_parameters: TOGETHER },
    { id: 'meta-llama/llama-3.1-8b-instruct', name: 'Meta: Llama 3.1 8B Instruct', created: '2024-07-23', context_length: 131072, upstream_model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', prompt: '0.18', completion: '0.18', quantization: 'fp8' as const, supported_parameters: TOGETHER },
    { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', created: '2025-01-20', context_length: 163840, upstream_model: 'deepseek-ai/DeepSeek-R1', prompt: '3', completion: '7', quantization: 'fp8' as const, supported_parameters: CHAT_REASONING },
    { id: 'deepseek/deepseek-chat', name: 'DeepSeek: DeepSeek V3', created: '2025-03-24', context_length: 131072, upstream_model: 'deepseek-ai/DeepSeek-V3', prompt: '1.25', completion: '1.25', quantization: 'fp8' as const, supported_parameters: TOGETHER },
    { id: 'qwen/qwen-2.5-72b-instruct', name: 'Qwen2.5 72B Instruct', created: '2024-09-19', context_length: 32768, upstream_model: 'Qwen/Qwen2.5-72B-Instruct-Turbo', prompt: '1.2', completion: '1.2', quantization: 'fp8' as const, supported_parameters: TOGETHER },
  ].map((row) => presetModel('together', row)),
};
