import type { ProviderPreset } from './preset-types.js';
import { presetModel } from './preset-model.js';

const GEMINI = ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'seed', 'response_format', 'structured_outputs', 'tools', 'tool_choice', 'reasoning', 'include_reasoning'] as const;
const MULTIMODAL = ['text', 'image', 'file', 'audio', 'video'] as const;

/** Google AI Studio, the Gemini API (ai.google.dev/gemini-api/docs/pricing); prompts up to 200k tokens. */
export const GOOGLE_AI_STUDIO_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] },
  provider: {
    slug: 'google-ai-studio',
    name: 'Google AI Studio',
    // The Gemini adapter sends the key as x-goog-api-key.
    adapter: 'gemini',
    base_url: 'https://generativelanguage.googleapis.com/v1beta',
    // The free tier's prompts may be used to improve Google's products; the paid tier's are not.
    data_collection: 'allow',
    privacy_policy_url: 'https://policies.google.com/privacy',
    terms_of_service_url: 'https://ai.google.dev/gemini-api/terms',
    status_page_url: 'https://aistudio.google.com/status',
  },
  models: [
    { id: 'google/gemini-2.5-pro', name: 'Google: Gemini 2.5 Pro', created: '2025-06-17', context_length: 1048576, max_completion_tokens: 65536, upstream_model: 'gemini-2.5-pro', prompt: '1.25', completion: '10', input_cache_read: '0.31' },
    { id: 'google/gemini-2.5-flash', name: 'Google: Gemini 2.5 Flash', created: '2025-06-17', context_length: 1048576, max_completion_tokens: 65535, upstream_model: 'gemini-2.5-flash', prompt: '0.3', completion: '2.5', input_cache_read: '0.075' },
    { id: 'google/gemini-2.5-flash-lite', name: 'Google: Gemini 2.5 Flash Lite', created: '2025-07-22', context_length: 1048576, max_completion_tokens: 65535, upstream_model: 'gemini-2.5-flash-lite', prompt: '0.1', completion: '0.4', input_cache_read: '0.025' },
    { id: 'google/gemini-2.0-flash-001', name: 'Google: Gemini 2.0 Flash', created: '2025-02-05', context_length: 1048576, max_completion_tokens: 8192, upstream_model: 'gemini-2.0-flash-001', prompt: '0.1', completion: '0.4', input_cache_read: '0.025' },
  ].map((row) => presetModel('google-ai-studio', { ...row, supported_parameters: GEMINI, input_modalities: MULTIMODAL, tokenizer: 'Gemini' })),
};
