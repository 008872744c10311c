import type { ProviderPreset } from './preset-types.js';
import { CHAT, CHAT_REASONING, presetModel } from './preset-model.js';

/**
 * OpenRouter itself as an upstream (openrouter.ai/models): the same model ids, so its
 * endpoints join the direct providers' as one more place to route (and fall back) to.
 */
export const OPENROUTER_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['OPENROUTER_API_KEY'] },
  provider: {
    slug: 'openrouter',
    name: 'OpenRouter',
    adapter: 'openai',
    base_url: 'https://openrouter.ai/api/v1',
    data_collection: 'deny',
    privacy_policy_url: 'https://openrouter.ai/privacy',
    terms_of_service_url: 'https://openrouter.ai/terms',
    status_page_url: 'https://status.openrouter.ai/',
  },
  models: [
    { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', created: '2024-07-18', context_length: 128000, max_completion_tokens: 16384, upstream_model: 'openai/gpt-4o-mini', prompt: '0.15', completion: '0.6', input_cache_read: '0.075', supported_parameters: CHAT, input_modalities: ['text', 'image', 'file'] as const },
    { id: 'anthropic/claude-sonnet-4', name: 'Anthropic: Claude Sonnet 4', created: '2025-05-22', context_length: 200000, max_completion_tokens: 64000, upstream_model: 'anthropic/claude-sonnet-4', prompt: '3', completion: '15', input_cache_read: '0.3', input_cache_write: '3.75', supported_parameters: CHAT_REASONING, input_modalities: ['text', 'image', 'file'] as const },
    { id: 'google/gemini-2.5-flash', name: 'Google: Gemini 2.5 Flash', created: '2025-06-17', context_length: 1048576, max_completion_tokens: 65535, upstream_model: 'google/gemini-2.5-flash', prompt: '0.3', completion: '2.5', input_cache_read: '0.075', supported_parameters: CHAT_REASONING, input_modalities: ['text', 'image', 'file', 'audio', 'video'] as const },
    { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', created: '2024-12-06', context_length: 131072, upstream_model: 'meta-llama/llama-3.3-70b-instruct', prompt: '0.13', completion: '0.39', supported_parameters: CHAT },
    { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', created: '2025-01-20', context_length: 163840, upstream_model: 'deepseek/deepseek-r1', prompt: '0.45', completion: '2.15', supported_parameters: CHAT_REASONING },
  ].map((row) => presetModel('openrouter', row)),
};
