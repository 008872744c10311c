import type { ProviderPreset } from './preset-types.js';
import { CHAT, presetModel } from './preset-model.js';

/** DeepSeek (api-docs.deepseek.com/quick_start/pricing), standard (non-discount) hours. */
export const DEEPSEEK_PRESET: ProviderPreset = {
  catalog_date: '2025-06-01',
  enabled_by: { api_key_env: ['DEEPSEEK_API_KEY'] },
  provider: {
    slug: 'deepseek',
    name: 'DeepSeek',
    adapter: 'openai',
    base_url: 'https://api.deepseek.com/v1',
    data_collection: 'allow',
    privacy_policy_url: 'https://cdn.deepseek.com/policies/en-US/deepseek-privacy-policy.html',
    terms_of_service_url: 'https://cdn.deepseek.com/policies/en-US/deepseek-open-platform-terms-of-service.html',
    status_page_url: 'https://status.deepseek.com/',
  },
  models: [
    { id: 'deepseek/deepseek-chat', name: 'DeepSeek: DeepSeek V3', created: '2025-03-24', context_length: 65536, max_completion_tokens: 8192, upstream_model: 'deepseek-chat', prompt: '0.27', completion: '1.1', input_cache_read: '0.07', supported_parameters: CHAT },
    // deepseek-reasoner ignores the sampling knobs (accepted, no effect) and always reasons.
    { id: 'deepseek/deepseek-r1', name: 'DeepSeek: R1', created: '2025-01-20', context_length: 65536, max_completion_tokens: 32768, upstream_model: 'deepseek-reasoner', prompt: '0.55', completion: '2.19', input_cache_read: '0.14', supported_parameters: ['max_tokens', 'stop', 'response_format', 'tools', 'tool_choice', 'reasoning', 'include_reasoning'] as const },
  ].map((row) => presetModel('deepseek', { ...row, tokenizer: 'DeepSeek' })),
};
