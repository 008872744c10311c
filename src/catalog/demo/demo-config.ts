import type { GatewayConfigInput } from '../config-schema.js';
import { DEMO_MODELS } from './demo-models.js';
import { DEMO_PROVIDERS } from './demo-providers.js';

/** Loopback port of each demo provider's simulator, by provider slug. */
export type DemoPorts = Readonly<Record<string, number>>;

/** The gateway-side settings of the demo config (the simulators set the rest). */
export interface DemoConfigOptions {
  /** Where the gateway listens (server.host); default 127.0.0.1. */
  host?: string;
  /** server.port; default 8080. */
  port?: number;
  /** store.url; default sqlite:./data/demo.db. */
  storeUrl?: string;
}

/** The key each demo simulator expects, so the demo exercises provider authentication too. */
export function demoProviderKey(slug: string): string {
  return `sk-demo-${slug}`;
}

/**
 * The demo as a config object in the file's own shape (snake_case, USD prices), pointing each
 * provider at its simulator. It goes through the same validation as a user's YAML file.
 */
export function buildDemoConfig(ports: DemoPorts, options: DemoConfigOptions = {}): GatewayConfigInput {
  const portOf = (slug: string): number => {
    const port = ports[slug];
    if (port === undefined) throw new Error(`no simulator port for demo provider "${slug}"`);
    return port;
  };
  return {
    server: { host: options.host ?? '127.0.0.1', port: options.port ?? 8080 },
    store: { url: options.storeUrl ?? 'sqlite:./data/demo.db' },
    providers: DEMO_PROVIDERS.map((provider) => ({
      slug: provider.slug,
      name: provider.name,
      adapter: provider.adapter ?? 'openai',
      base_url: `http://127.0.0.1:${portOf(provider.slug)}${provider.adapter === 'gemini' ? '/v1beta' : '/v1'}`,
      api_key: demoProviderKey(provider.slug),
      data_collection: provider.dataCollection,
      privacy_policy_url: `https://${provider.slug}.example/privacy`,
      terms_of_service_url: `https://${provider.slug}.example/terms`,
      status_page_url: `https://status.${provider.slug}.example`,
    })),
    models: DEMO_MODELS.map((model) => ({ ...model, endpoints: model.endpoints?.map((endpoint) => ({ ...endpoint })) })),
    demo: {
      simulators: DEMO_PROVIDERS.map((provider) => ({
        provider: provider.slug,
        port: portOf(provider.slug),
        ...provider.simulator,
      })),
    },
  };
}

/** Every demo provider on port 0: for validating the demo before its simulators exist. */
export function unassignedDemoPorts(): DemoPorts {
  return Object.fromEntries(DEMO_PROVIDERS.map((provider) => [provider.slug, 0]));
}
