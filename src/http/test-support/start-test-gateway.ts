import OpenAI from 'openai';
import type { GatewayConfigInput } from '../../catalog/config-schema.js';
import { validateConfig } from '../../catalog/load-config.js';
import { startGateway, type RunningGateway } from '../../cli/start-gateway.js';
import { adapterProtocols } from '../../providers/adapter-registry.js';
import { startSimulator } from '../../simulator/start-simulator.js';
import type { RouterOptions } from '../../routing/router.js';
import type { SimulatorOptions } from '../../simulator/simulator-options.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import type { Logger } from '../gateway-context.js';

type ModelInput = GatewayConfigInput['models'][number];
type ProviderInput = GatewayConfigInput['providers'][number];

export interface TestProvider {
  slug: string;
  name?: string;
  simulator?: SimulatorOptions;
  /** Point the provider at this upstream (e.g. a scripted fake) instead of a simulator. */
  baseUrl?: string;
  /** Extra provider config (timeouts, openai options…). */
  config?: Partial<ProviderInput>;
}

export interface TestGatewayOptions {
  providers: TestProvider[];
  models: ModelInput[];
  keepaliveMs?: number;
  bodyLimitBytes?: number;
  billing?: GatewayConfigInput['billing'];
  /** Shared state in Redis (src/shared-state/); in memory without it. */
  redis?: GatewayConfigInput['redis'];
  /** A store other than a fresh in-memory SQLite (several gateways sharing one). */
  storeUrl?: string;
  /** The management key of a store that already has one (a second gateway on a shared store). */
  managementKey?: string;
  /** The gateway's clock (metering, limits, records). */
  now?: () => number;
  /**
   * Routing clock and random source. By default the random source is 0, so load balancing
   * deterministically picks the cheapest healthy endpoint.
   */
  routing?: RouterOptions;
  /** The store (default: in-memory SQLite). */
  store?: GatewayConfigInput['store'];
}

export interface TestGateway {
  gateway: RunningGateway;
  url: string;
  baseURL: string;
  simulators: Record<string, RunningSimulator>;
  apiKey: string;
  managementKey: string;
  client: OpenAI;
  /** Logged lines, for asserting that nothing unexpected was logged. */
  logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * A real gateway on a random port, in-memory SQLite, real simulated upstreams over HTTP, and
 * the real `openai` SDK pointed at it: the end-to-end setup every HTTP test uses.
 */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const simulators: Record<string, RunningSimulator> = {};
  for (const provider of options.providers) {
    if (provider.baseUrl) continue;
    simulators[provider.slug] = await startSimulator({ name: provider.slug, firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY, ...provider.simulator });
  }
  const config: GatewayConfigInput = {
    server: { host: '127.0.0.1', port: 0, stream_keepalive_ms: options.keepaliveMs ?? 1000, ...(options.bodyLimitBytes ? { body_limit_bytes: options.bodyLimitBytes } : {}) },
    store: options.store ?? { url: options.storeUrl ?? 'sqlite::memory:' },
    providers: options.providers.map((provider) => ({
      slug: provider.slug,
      name: provider.name ?? provider.slug.toUpperCase(),
      adapter: 'openai',
      base_url: provider.baseUrl ?? simulators[provider.slug]!.baseUrl,
      ...provider.config,
    })),
    models: options.models,
    ...(options.billing ? { billing: options.billing } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  };
  const validated = validateConfig(config, { knownAdapters: adapterProtocols() });
  if (!validated.ok) throw new Error(`test config invalid:\n${validated.errors.join('\n')}`);
  const logs: TestGateway['logs'] = [];
  const log: Logger = {
    info: (message, fields) => logs.push({ level: 'info', message, ...(fields ? { fields } : {}) }),
    warn: (message, fields) => logs.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => logs.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
    // Parsed back, so every test that reads a request-log line also checks its hand-written JSON.
    infoMembers: (message, members) => logs.push({ level: 'info', message, fields: JSON.parse(`{${members}}`) as Record<string, unknown> }),
  };
  const gateway = await startGateway({
    config: validated.config, catalog: validated.catalog, log, routing: { random: () => 0, ...options.routing },
    ...(options.now ? { now: options.now } : {}),
    ...(options.managementKey !== undefined ? { managementKey: options.managementKey } : {}),
  });
  const managementKey = gateway.generatedManagementKey ?? options.managementKey;
  if (!managementKey) throw new Error('expected a generated management key on a fresh store');
  const created = await gateway.context.keys.create({ name: 'test', limit: null, limitReset: null, expiresAt: null, isManagement: false });
  const baseURL = `${gateway.url}/api/v1`;
  return {
    gateway,
    url: gateway.url,
    baseURL,
    simulators,
    apiKey: created.plaintext,
    managementKey,
    client: new OpenAI({ apiKey: created.plaintext, baseURL, maxRetries: 0 }),
    logs,
    close: async () => {
      await gateway.close();
      await Promise.all(Object.values(simulators).map((simulator) => simulator.close()));
    },
  };
}

/**
 * A model with one endpoint per listed provider, priced as given (USD per million). Text only
 * unless `options.inputModalities` says otherwise (the router sends images only to endpoints
 * that take them).
 */
export function testModel(
  id: string,
  endpoints: { provider: string; prompt?: number; completion?: number; request?: number; upstreamModel?: string; contextLength?: number; maxCompletionTokens?: number }[],
  options: { inputModalities?: ('text' | 'image' | 'file' | 'audio' | 'video')[] } = {},
): ModelInput {
  return {
    id,
    name: id,
    created: '2025-04-17',
    context_length: 32768,
    ...(options.inputModalities ? { input_modalities: options.inputModalities } : {}),
    endpoints: endpoints.map((endpoint) => ({
      provider: endpoint.provider,
      upstream_model: endpoint.upstreamModel ?? `${endpoint.provider}-${id.split('/')[1] ?? id}`,
      ...(endpoint.contextLength ? { context_length: endpoint.contextLength } : {}),
      ...(endpoint.maxCompletionTokens ? { max_completion_tokens: endpoint.maxCompletionTokens } : {}),
      pricing: { prompt: endpoint.prompt ?? 0.24, completion: endpoint.completion ?? 0.24, ...(endpoint.request !== undefined ? { request: endpoint.request } : {}) },
    })),
  };
}
