import type { Catalog } from '../catalog/catalog-types.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { ApiKeyService } from '../metering/api-key-service.js';
import type { GenerationWriter } from '../metering/generation-writer.js';
import type { Metering } from '../metering/metering.js';
import type { SpendLedger } from '../metering/spend-ledger.js';
import type { StatsReader } from '../metering/stats/stats-reader.js';
import type { Router } from '../routing/router.js';
import type { Store } from '../store/store-types.js';
import type { RedisHealthReport } from '../shared-state/redis-connection.js';
import type { GatewayMetrics } from '../telemetry/gateway-metrics.js';
import type { KeyAuthenticator } from './auth/key-authenticator.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * An info line whose fields are already JSON: `members` is the inside of a JSON object
   * (`"a":1,"b":"x"`), written as given. For the per-request log, where building an object
   * for a serialiser costs more than the line. Optional: without it, callers use info().
   */
  infoMembers?(message: string, members: string): void;
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
  /** Limits, reservations and settlement around each inference call. */
  metering: Metering;
  /** Budgets held and spent (key limits, credits). */
  ledger: SpendLedger;
  /** Read side of metering: endpoint figures, tokens per model and app, activity, recent generations. */
  stats: StatsReader;
  /** billing.credits: the org's prepaid balance is enforced. */
  creditsEnabled: boolean;
  authenticator: KeyAuthenticator;
  keys: ApiKeyService;
  adapterFor: (protocol: string) => ProviderAdapter | undefined;
  /** Routing state: endpoint health, sticky conversations, its clock and random source. */
  router: Router;
  now: () => number;
  settings: GatewaySettings;
  log: Logger;
  /** Redis's state for GET /health; absent without Redis. */
  redisHealth?: () => RedisHealthReport | undefined;
  /** Prometheus metrics, served at GET /metrics; absent when switched off. */
  metrics?: GatewayMetrics;
}
