import type { ProviderPreset } from './preset-types.js';
import { presetModel } from './preset-model.js';

const CLAUDE = ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice', 'reasoning', 'include_reasoning'] as const;
const VISION = ['text', 'image', 'file'] as const;

/** Anthropic (docs.anthropic.com/en/docs/about-claude/pricing); cache writes at the 5-minute rate. */
export const ANTHROPIC_PRESET: ProviderPreset = {
  catalog_date: '2025-08-15',
  enabled_by: { api_key_env: ['ANTHROPIC_API_KEY'] },
  provider: {
    slug: 'anthropic',
    name: 'Anthropic',
    // The Anthropic adapter sends the key as x-api-key with anthropic-version.
    adapter: 'anthropic',
    base_url: 'https://api.anthropic.com/v1',
    data_collection: 'deny',
    privacy_policy_url: 'https://www.anthropic.com/legal/privacy',
    terms_of_service_url: 'https://www.anthropic.com/legal/commercial-terms',
    status_page_url: 'https://status.anthropic.com/',
  },
  models: [
    { id: 'anthropic/claude-opus-4.1', name: 'Anthropic: Claude Opus 4.1', created: '2025-08-05', context_length: 200000, max_completion_tokens: 32000, upstream_model: 'claude-opus-4-1-20250805', prompt: '15', completion: '75', input_cache_read: '1.5', input_cache_write: '18.75' },
    { id: 'anthropic/claude-opus-4', name: 'Anthropic: Claude Opus 4', created: '2025-05-22', context_length: 200000, max_completion_tokens: 32000, upstream_model: 'claude-opus-4-20250514', prompt: '15', completion: '75', input_cache_read: '1.5', input_cache_write: '18.75' },
    { id: 'anthropic/claude-sonnet-4', name: 'Anthropic: Claude Sonnet 4', created: '2025-05-22', context_length: 200000, max_completion_tokens: 64000, upstream_model: 'claude-sonnet-4-20250514', prompt: '3', completion: '15', input_cache_read: '0.3', input_cache_write: '3.75' },
    { id: 'anthropic/claude-3.7-sonnet', name: 'Anthropic: Claude 3.7 Sonnet', created: '2025-02-24', context_length: 200000, max_completion_tokens: 64000, upstream_model: 'claude-3-7-sonnet-20250219', prompt: '3', completion: '15', input_cache_read: '0.3', input_cache_write: '3.75' },
    { id: 'anthropic/claude-3.5-haiku', name: 'Anthropic: Claude 3.5 Haiku', created: '2024-11-04', context_length: 200000, max_completion_tokens: 8192, upstream_model: 'claude-3-5-haiku-20241022', prompt: '0.8', completion: '4', input_cache_read: '0.08', input_cache_write: '1' },
  ].map((row) => presetModel('anthropic', { ...row, supported_parameters: CLAUDE, input_modalities: VISION, tokenizer: 'Claude' })),
};
