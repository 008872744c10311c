import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../catalog/catalog-types.js';
import type { GatewayConfig } from '../catalog/config-schema.js';
import { KeyAuthenticator } from '../http/auth/key-authenticator.js';
import { createRequestListener } from '../http/create-app.js';
import type { GatewayContext, Logger } from '../http/gateway-context.js';
import { ApiKeyService } from '../metering/api-key-service.js';
import { GenerationWriter } from '../metering/generation-writer.js';
import { Metering } from '../metering/metering.js';
import { StoreSpendBaselines } from '../metering/spend-baselines.js';
import { EndpointStatisticsCollector } from '../metering/stats/endpoint-statistics.js';
import { StoreStatsReader } from '../metering/stats/store-stats-reader.js';
import { warmUpEndpointStatistics } from '../metering/stats/warm-up-endpoint-statistics.js';
import { getAdapter } from '../providers/adapter-registry.js';
import { Router, type RouterOptions } from '../routing/router.js';
import { closeHttpClients } from '../providers/shared/http-client.js';
import { buildSharedState } from '../shared-state/build-shared-state.js';
import { openStore } from '../store/open-store.js';
import { reportUnavailable } from '../store/report-unavailable.js';
import { storeOptions } from './store-options.js';
import { journalDirectory } from './journal-options.js';
import { startRecordJournal, type RunningRecordJournal } from '../metering/start-record-journal.js';
import { storeIdentity } from '../store/store-identity.js';
import { GatewayMetrics } from '../telemetry/gateway-metrics.js';
import { ObservedGenerationStore } from '../telemetry/observed-generation-store.js';
import { RequestLog } from '../telemetry/request-log.js';

export interface StartGatewayOptions {
  config: GatewayConfig;
  catalog: Catalog;
  /** Overrides config.server.port (0 picks a free port). */
  port?: number;
  host?: string;
  /** Overrides config.store.url. */
  storeUrl?: string;
  managementKey?: string;
  log: Logger;
  /** The clock metering, limits and records use (tests move it across day boundaries). */
  now?: () => number;
  /** Routing clock and random source (tests inject them). */
  routing?: RouterOptions;
  /** false: the store was migrated already (by a cluster's primary). */
  migrate?: boolean;
  /** false: do not create the first management key (a cluster's primary did, once). */
  bootstrapManagementKey?: boolean;
}

export interface RunningGateway {
  url: string;
  server: Server;
  context: GatewayContext;
  /** The generated management key, on the first start only. */
  generatedManagementKey: string | null;
  /**
   * Stops accepting, lets running requests (streams) finish for up to `graceMs` (default:
   * the config's shutdown_grace_ms), cuts what is left (recorded as cancelled), flushes
   * pending generation records, then closes the store.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Opens the store, wires the request path and listens. Close stops accepting, lets running
 * requests finish, flushes pending generation records, then closes the store.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config, log } = options;
  // Unreachable-database errors surface as 503 `unavailable` (see the README's degradation policy).
  const storeUrl = options.storeUrl ?? config.store.url;
  const store = reportUnavailable(await openStore(storeUrl, {
    ...storeOptions(config),
    onIdleError: (error) => log.warn('store connection lost', { error: error.message }),
    ...(options.migrate === false ? { migrate: false } : {}),
  }));
  // What killed processes left is replayed before this one serves (README: durability).
  const journalDir = journalDirectory(config.store, storeUrl);
  let recordJournal: RunningRecordJournal | undefined;
  if (journalDir !== null) {
    try {
      recordJournal = await startRecordJournal({ dir: journalDir, storeIdentity: storeIdentity(storeUrl, storeOptions(config)), store: store.generations, log });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const now = options.now ?? ((): number => Date.now());
  const endpointStatistics = new EndpointStatisticsCollector({ now });
  const metrics = new GatewayMetrics();
  const generations = new GenerationWriter({
    store: new ObservedGenerationStore(store.generations, metrics, config.server.request_log ? new RequestLog(log) : null),
    // Records are readable from memory at once. A longer interval makes fewer, larger
    // transactions (each commit costs about as much as a dozen rows), but a record held past
    // a young-generation GC or two is promoted to old space: at 200 ms under load that was a
    // third of the garbage behind the peak-RSS growth across runs (BENCHMARKS.md). Default 25 ms.
    flushIntervalMs: config.store.flush_interval_ms,
    ...(recordJournal !== undefined ? { journal: recordJournal.journal } : {}),
    // Stats are computed from committed batches, off the request path.
    onCommitted: (batch) => endpointStatistics.observe(batch),
    logger: {
      error: (details, message) => log.error(message, details),
      info: (details, message) => log.info(message, details),
    },
    maxPendingRecords: config.store.max_pending_records,
  });
  metrics.observePendingRecords(() => generations.pendingCount);
  const keys = new ApiKeyService(store, generations, now);
  const meteringLogger = { error: (details: Record<string, unknown>, message: string) => log.error(message, details) };
  // Limits, credits, free-tier counters, health and sticky routes: in Redis when configured.
  const shared = await buildSharedState({
    config,
    baselines: new StoreSpendBaselines(store, generations),
    now,
    routingNow: options.routing?.now ?? Date.now,
    reservationTtlMs: reservationTtlMs(options.catalog),
    statistics: endpointStatistics,
    log,
    ...(config.server.metrics ? { observeRedis: (operation: string, outcome: 'ok' | 'error', seconds: number) => metrics.observeRedisCommand(operation, outcome, seconds) } : {}),
  });
  const { ledger } = shared;
  const { billing } = config;
  const metering = new Metering({
    writer: generations,
    ledger,
    freeTier: shared.freeTier,
    freeTierScope: billing.free_tier.scope,
    creditsEnabled: billing.credits,
    logger: meteringLogger,
    now,
  });
  const generatedManagementKey = options.managementKey || options.bootstrapManagementKey === false ? null : await keys.ensureManagementKey();
  const context: GatewayContext = {
    catalog: options.catalog,
    store,
    generations,
    keys,
    metering,
    ledger,
    creditsEnabled: billing.credits,
    stats: new StoreStatsReader(store, generations, endpointStatistics, now),
    authenticator: new KeyAuthenticator(store.keys, now, options.managementKey),
    adapterFor: getAdapter,
    router: new Router({
      ...options.routing,
      ...(shared.health !== undefined ? { health: shared.health } : {}),
      ...(shared.stickyRoutes !== undefined ? { stickyRoutes: shared.stickyRoutes } : {}),
    }),
    now,
    settings: {
      keepaliveMs: config.server.stream_keepalive_ms,
      bodyLimitBytes: config.server.body_limit_bytes,
    },
    log,
    ...(shared.connection !== null ? { redisHealth: () => shared.report() } : {}),
    ...(config.server.metrics ? { metrics } : {}),
  };
  // Endpoint figures survive a restart: the last day's records are replayed in the background.
  const warmUp = warmUpEndpointStatistics(store.generations, endpointStatistics, now()).catch((error: unknown) => {
    log.warn('replaying endpoint statistics failed', { error: String(error) });
  });
  const listener = createRequestListener(context);
  const server = createServer({ keepAliveTimeout: 65_000 }, listener);
  const host = options.host ?? config.server.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.server.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    server,
    context,
    generatedManagementKey,
    close: (graceMs = config.server.shutdown_grace_ms) =>
      (closing ??= (async () => {
        await closeServer(server, graceMs);
        // Handlers of cut streams still record their cancelled generations.
        await listener.inFlight.whenIdle();
        await warmUp;
        // Segments are deleted only if every record committed; otherwise they stay for replay.
        await generations.close().finally(() => recordJournal?.close());
        await shared.close();
        await store.close();
        await closeHttpClients();
      })()),
  };
}

/** A request can run no longer than its providers' total timeouts (one per fallback attempt is bounded by this too); a margin covers settling. */
function reservationTtlMs(catalog: Catalog): number {
  let longest = 0;
  for (const provider of catalog.providers.values()) longest = Math.max(longest, provider.timeouts.totalMs);
  return Math.max(longest, 60_000) * 2 + 60_000;
}

/**
 * Stops accepting, closes idle keep-alive sockets, and waits for running requests to end;
 * after `graceMs` the remaining connections are destroyed (a cut stream's client-disconnect
 * path cancels its upstream call and records it as cancelled).
 */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    // A keep-alive connection turns idle when its last response ends: close those as they come.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
