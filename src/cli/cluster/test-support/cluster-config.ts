import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The paid model of the cluster config: $0.24 per million prompt and completion tokens. */
export const PAID_MODEL = 'thudm/glm-4-32b';
/** Its free variant (every endpoint at zero price). */
export const FREE_MODEL = 'thudm/glm-4-32b:free';

export interface ClusterConfigOptions {
  postgresUrl: string;
  /** The store's schema (a temporary one per test file). */
  schema: string;
  redisUrl: string;
  redisPrefix: string;
  /** The simulated upstream's OpenAI base URL. */
  upstreamBaseUrl: string;
  /** Top-level YAML appended as is (e.g. a `billing:` section). */
  extraYaml?: string;
}

/** Writes switchboard.yaml for several workers on PostgreSQL and Redis, with a paid and a free model on one upstream; returns its path. */
export function writeClusterConfig(dir: string, options: ClusterConfigOptions): string {
  const path = join(dir, 'switchboard.yaml');
  writeFileSync(
    path,
    `server: { host: 127.0.0.1, port: 0 }
store: { url: "${options.postgresUrl}", schema: ${options.schema}, pool_size: 2 }
redis: { url: "${options.redisUrl}", key_prefix: "${options.redisPrefix}" }
${options.extraYaml ?? ''}
providers:
  - slug: acme
    name: Acme AI
    adapter: openai
    base_url: ${options.upstreamBaseUrl}
models:
  - id: ${PAID_MODEL}
    name: "THUDM: GLM 4 32B"
    created: 2025-04-17
    context_length: 32768
    endpoints:
      - provider: acme
        upstream_model: glm-4-32b-0414
        pricing: { prompt: 0.24, completion: 0.24 }
  - id: ${FREE_MODEL}
    name: "THUDM: GLM 4 32B (free)"
    created: 2025-04-17
    context_length: 32768
    endpoints:
      - provider: acme
        upstream_model: glm-4-32b-0414
        pricing: { prompt: 0, completion: 0 }
`,
  );
  return path;
}
