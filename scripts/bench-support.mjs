// Pieces the bench scripts share: the one-model gateway config over the fake upstream, and a
// key created through the CLI (so the bench exercises the real key path).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * Writes a gateway config serving `openai/gpt-4o-mini` from the fake OpenAI upstream at
 * `upstreamBaseUrl`. `store` and `extra` are YAML flow values / lines inserted as given.
 */
export function writeBenchConfig(path, { port, store, upstreamBaseUrl, prices, extra = '' }) {
  writeFileSync(
    path,
    `server: { host: 127.0.0.1, port: ${port} }
store: ${store}${extra}
# A zero-price model is a free model: its per-key rate limit would cap the load, not measure it.
billing: { free_tier: { enabled: false } }
providers:
  - { slug: fake-openai, name: Fake OpenAI, adapter: openai, base_url: "${upstreamBaseUrl}", api_key: sk-fake-upstream }
models:
  - id: openai/gpt-4o-mini
    name: "OpenAI: GPT-4o-mini"
    created: 2024-07-18
    context_length: 128000
    endpoints:
      - { provider: fake-openai, upstream_model: gpt-4o-mini, max_completion_tokens: 16384, pricing: { prompt: ${prices.prompt}, completion: ${prices.completion} } }
`,
  );
}

/** Creates an API key with `switchboard keys create` and returns its plaintext. */
export function createBenchKey(cli, config, name, limitUsd) {
  const args = [cli, 'keys', 'create', '--name', name, ...(limitUsd === undefined ? [] : ['--limit', String(limitUsd)]), '--config', config];
  const created = execFileSync(process.execPath, args, { encoding: 'utf8' });
  const key = /key:\s+(\S+)/.exec(created)?.[1];
  if (!key) throw new Error(`could not create a bench key:\n${created}`);
  return key;
}
