import type { ProviderPreset } from './preset-types.js';

/**
 * Local OpenAI-compatible servers, enabled by their URL. They serve whatever model the
 * operator loaded, named by `*_MODEL`; the catalog entry is `<server>/<model>` at no cost.
 */
export const LOCAL_SERVER_PRESETS: readonly ProviderPreset[] = [
  {
    catalog_date: '2025-08-15',
    enabled_by: { base_url_env: 'VLLM_BASE_URL' },
    provider: { slug: 'vllm', name: 'vLLM (local)', adapter: 'openai', base_url: 'http://127.0.0.1:8000/v1', data_collection: 'deny' },
    local_model: { env: 'VLLM_MODEL', default: 'Qwen/Qwen3-8B', context_length: 32768 },
    models: [],
  },
  {
    catalog_date: '2025-08-15',
    enabled_by: { base_url_env: 'LLAMACPP_BASE_URL' },
    // llama-server serves the one model it was started with and ignores `model`.
    provider: { slug: 'llamacpp', name: 'llama.cpp (local)', adapter: 'openai', base_url: 'http://127.0.0.1:8080/v1', data_collection: 'deny' },
    local_model: { env: 'LLAMACPP_MODEL', default: 'default', context_length: 8192 },
    models: [],
  },
  {
    catalog_date: '2025-08-15',
    enabled_by: { base_url_env: 'OLLAMA_BASE_URL' },
    provider: { slug: 'ollama', name: 'Ollama (local)', adapter: 'openai', base_url: 'http://127.0.0.1:11434/v1', data_collection: 'deny' },
    local_model: { env: 'OLLAMA_MODEL', default: 'llama3.2', context_length: 8192 },
    models: [],
  },
];
