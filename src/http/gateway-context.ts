import type { Catalog } from '../catalog/catalog-types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { ApiKeyService } from '../metering/api-key-service.js';
import type { GenerationWriter } from '../metering/generation-writer.js';
import type { Store } from '../store/store-types.js';
import type { GatewayMetrics } from '../telemetry/gateway-metrics.js';
import type { KeyAuthenticator } from './auth/key-authenticator.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Writes buffered lines out (before the process exits). */
  flush?(): void;
}

export interface GatewaySettings {
  /** Comment keep-alive interval while waiting for an upstream's first token. */
  keepaliveMs: number;
  bodyLimitBytes: number;
}

/** Everything the HTTP layer needs, injected so tests can swap any piece. */
export interface GatewayContext {
  catalog: Catalog;
  store: Store;
  /** Generation records: readable at once, written to the store in batches. */
  generations: GenerationWriter;
  authenticator: KeyAuthenticator;
  keys: ApiKeyService;
  adapterFor: (protocol: string) => ProviderAdapter | undefined;
  now: () => number;
  settings: GatewaySettings;
  log: Logger;
  /** Prometheus metrics, served at GET /metrics; absent when switched off. */
  metrics?: GatewayMetrics;
}
