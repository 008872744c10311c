import type { ProviderPreset } from './preset-types.js';
import { CHAT, presetModel } from './preset-model.js';

const GPT = [...CHAT, 'logit_bias', 'logprobs', 'top_logprobs', 'structured_outputs', 'parallel_tool_calls'] as const;
// OpenAI's reasoning models reject temperature, top_p and the penalties.
const O_SERIES = ['max_tokens', 'seed', 'response_format', 'structured_outputs', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include_reasoning'] as const;
const VISION = ['text', 'image', 'file'] as const;

/** OpenAI (platform.openai.com/docs/pricing). */
export const OPENAI_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['OPENAI_API_KEY'] },
  provider: {
    slug: 'openai',
    name: 'OpenAI',
    adapter: 'openai',
    base_url: 'https://api.openai.com/v1',
    data_collection: 'deny',
    // `max_tokens` is deprecated and refused by the o-series: OpenAI takes max_completion_tokens.
    openai: { max_tokens_field: 'max_completion_tokens' },
    privacy_policy_url: 'https://openai.com/policies/privacy-policy/',
    terms_of_service_url: 'https://openai.com/policies/row-terms-of-use/',
    status_page_url: 'https://status.openai.com/',
  },
  models: [
    { id: 'openai/gpt-5', name: 'OpenAI: GPT-5', created: '2025-08-07', context_length: 400000, max_completion_tokens: 128000, upstream_model: 'gpt-5', prompt: '1.25', completion: '10', input_cache_read: '0.125', supported_parameters: O_SERIES, input_modalities: VISION },
    { id: 'openai/gpt-5-mini', name: 'OpenAI: GPT-5 Mini', created: '2025-08-07', context_length: 400000, max_completion_tokens: 128000, upstream_model: 'gpt-5-mini', prompt: '0.25', completion: '2', input_cache_read: '0.025', supported_parameters: O_SERIES, input_modalities: VISION },
    { id: 'openai/gpt-4.1', name: 'OpenAI: GPT-4.1', created: '2025-04-14', context_length: 1047576, max_completion_tokens: 32768, upstream_model: 'gpt-4.1', prompt: '2', completion: '8', input_cache_read: '0.5', supported_parameters: GPT, input_modalities: VISION },
    { id: 'openai/gpt-4.1-mini', name: 'OpenAI: GPT-4.1 Mini', created: '2025-04-14', context_length: 1047576, max_completion_tokens: 32768, upstream_model: 'gpt-4.1-mini', prompt: '0.4', completion: '1.6', input_cache_read: '0.1', supported_parameters: GPT, input_modalities: VISION },
    { id: 'openai/gpt-4.1-nano', name: 'OpenAI: GPT-4.1 Nano', created: '2025-04-14', context_length: 1047576, max_completion_tokens: 32768, upstream_model: 'gpt-4.1-nano', prompt: '0.1', completion: '0.4', input_cache_read: '0.025', supported_parameters: GPT, input_modalities: VISION },
    { id: 'openai/gpt-4o', name: 'OpenAI: GPT-4o', created: '2024-05-13', context_length: 128000, max_completion_tokens: 16384, upstream_model: 'gpt-4o', prompt: '2.5', completion: '10', input_cache_read: '1.25', supported_parameters: GPT, input_modalities: VISION },
    { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', created: '2024-07-18', context_length: 128000, max_completion_tokens: 16384, upstream_model: 'gpt-4o-mini', prompt: '0.15', completion: '0.6', input_cache_read: '0.075', supported_parameters: GPT, input_modalities: VISION },
    { id: 'openai/o3', name: 'OpenAI: o3', created: '2025-04-16', context_length: 200000, max_completion_tokens: 100000, upstream_model: 'o3', prompt: '2', completion: '8', input_cache_read: '0.5', supported_parameters: O_SERIES, input_modalities: VISION },
    { id: 'openai/o4-mini', name: 'OpenAI: o4 Mini', created: '2025-04-16', context_length: 200000, max_completion_tokens: 100000, upstream_model: 'o4-mini', prompt: '1.1', completion: '4.4', input_cache_read: '0.275', supported_parameters: O_SERIES, input_modalities: VISION },
  ].map((row) => presetModel('openai', { ...row, tokenizer: 'GPT' })),
};
