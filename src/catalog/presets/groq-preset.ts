import type { ProviderPreset } from './preset-types.js';
import { CHAT, CHAT_REASONING, presetModel } from './preset-model.js';

/** Groq (console.groq.com/docs/models, groq.com/pricing). */
export const GROQ_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['GROQ_API_KEY'] },
  provider: {
    slug: 'groq',
    name: 'Groq',
    adapter: 'openai',
    base_url: 'https://api.groq.com/openai/v1',
    data_collection: 'deny',
    // console.groq.com/docs/openai: these fields "will result in a 400 error if supplied".
    openai: { drop_parameters: ['logprobs', 'logit_bias', 'top_logprobs'] },
    privacy_policy_url: 'https://groq.com/privacy-policy/',
    terms_of_service_url: 'https://groq.com/terms-of-use/',
    status_page_url: 'https://groqstatus.com/',
  },
  models: [
    { id: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', created: '2024-12-06', context_length: 131072, max_completion_tokens: 32768, upstream_model: 'llama-3.3-70b-versatile', prompt: '0.59', completion: '0.79', supported_parameters: CHAT },
    { id: 'meta-llama/llama-3.1-8b-instruct', name: 'Meta: Llama 3.1 8B Instruct', created: '2024-07-23', context_length: 131072, max_completion_tokens: 131072, upstream_model: 'llama-3.1-8b-instant', prompt: '0.05', completion: '0.08', supported_parameters: CHAT },
    { id: 'openai/gpt-oss-120b', name: 'OpenAI: gpt-oss-120b', created: '2025-08-05', context_length: 131072, max_completion_tokens: 65536, upstream_model: 'openai/gpt-oss-120b', prompt: '0.15', completion: '0.75', supported_parameters: CHAT_REASONING },
    { id: 'openai/gpt-oss-20b', name: 'OpenAI: gpt-oss-20b', created: '2025-08-05', context_length: 131072, max_completion_tokens: 65536, upstream_model: 'openai/gpt-oss-20b', prompt: '0.1', completion: '0.5', supported_parameters: CHAT_REASONING },
    { id: 'moonshotai/kimi-k2', name: 'MoonshotAI: Kimi K2', created: '2025-07-11', context_length: 131072, max_completion_tokens: 16384, upstream_model: 'moonshotai/kimi-k2-instruct', prompt: '1', completion: '3', supported_parameters: CHAT },
    { id: 'qwen/qwen3-32b', name: 'Qwen: Qwen3 32B', created: '2025-04-28', context_length: 131072, max_completion_tokens: 40960, upstream_model: 'qwen/qwen3-32b', prompt: '0.29', completion: '0.59', supported_parameters: CHAT_REASONING },
  ].map((row) => presetModel('groq', row)),
};
