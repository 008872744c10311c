/** The config from the catalog brief: the smallest realistic file that must validate. */
export const EXAMPLE_CONFIG_YAML = `
server: { host: 127.0.0.1, port: 8080 }
store: { url: sqlite:./data/switchboard.db }
providers:
  - slug: acme
    name: Acme AI
    adapter: openai
    base_url: http://127.0.0.1:9101/v1
    api_key: \${ACME_API_KEY}
    data_collection: deny
models:
  - id: thudm/glm-4-32b
    name: "THUDM: GLM 4 32B"
    created: 2025-04-17
    description: "..."
    context_length: 32768
    input_modalities: [text]
    output_modalities: [text]
    endpoints:
      - provider: acme
        upstream_model: glm-4-32b-0414
        context_length: 32768
        max_completion_tokens: 8192
        quantization: fp8
        pricing: { prompt: 0.24, completion: 0.24 }
        supported_parameters: [temperature, top_p, max_tokens, stop, seed, tools, tool_choice, response_format]
`;

/** A minimal valid config object (as parsed from YAML) that tests modify one field at a time. */
export function minimalConfig(): {
  providers: Record<string, unknown>[];
  models: { id: string; endpoints: Record<string, unknown>[]; [field: string]: unknown }[];
  [section: string]: unknown;
} {
  return {
    providers: [
      { slug: 'swift', name: 'Swift', adapter: 'openai', base_url: 'http://127.0.0.1:9101/v1' },
      { slug: 'cheap', name: 'Cheap', adapter: 'openai', base_url: 'http://127.0.0.1:9102/v1' },
    ],
    models: [
      {
        id: 'meta-llama/llama-3.3-70b-instruct',
        name: 'Llama 3.3 70B',
        created: 1733443200,
        context_length: 131072,
        endpoints: [
          { provider: 'swift', upstream_model: 'llama-70b', pricing: { prompt: 0.6, completion: 0.8 } },
          { provider: 'cheap', upstream_model: 'llama-70b', pricing: { prompt: 0.12, completion: 0.3 } },
        ],
      },
    ],
  };
}
