import cluster, { type Worker } from 'node:cluster';
import type { Catalog } from '../../catalog/catalog-types.js';
import type { GatewayConfig } from '../../catalog/config-schema.js';
import type { Logger } from '../../http/gateway-context.js';
import { ApiKeyService } from '../../metering/api-key-service.js';
import { GenerationWriter } from '../../metering/generation-writer.js';
import { openStore } from '../../store/open-store.js';
import { printStartBanner } from '../start-banner.js';
import { storeOptions } from '../store-options.js';
import { isMessage, type MetricsRequest, type MetricsResponse, type ShutdownRequest } from './cluster-messages.js';
import { AggregatorRegistry } from 'prom-client';

export interface ClusterPrimaryOptions {
  workers: number;
  config: GatewayConfig;
  catalog: Catalog;
  /** Where the config came from, for the banner. */
  source: string;
  /** SWITCHBOARD_MANAGEMENT_KEY is set: no key is generated. */
  managementKeyFromEnvironment: boolean;
  host?: string;
  log: Logger;
}

/** Time beyond the streams' grace period a worker gets to flush records and close the store. */
const SHUTDOWN_MARGIN_MS = 30_000;

/** A worker that dies after it served is replaced after this pause (no busy crash loop). */
const RESTART_DELAY_MS = 1_000;

/**
 * The primary of `serve --workers N`: it migrates the store and creates the first management
 * key once, before any worker exists (so workers never race on either), forks N workers that
 * listen on one shared port (node:cluster hands connections out), prints the banner once,
 * replaces a worker that dies, answers workers' /metrics with every worker's metrics summed,
 * and on SIGTERM/SIGINT asks every worker to shut down gracefully and exits when all have.
 */
export async function runClusterPrimary(options: ClusterPrimaryOptions): Promise<void> {
  const { config, log } = options;
  const generatedManagementKey = await prepareStore(config, options.managementKeyFromEnvironment);
  serveAggregatedMetrics(log);

  let stopping = false;
  let bannerPrinted = false;
  const listened = new WeakSet<Worker>();
  const fork = (): void => {
    if (!stopping) cluster.fork();
  };
  cluster.on('listening', (worker, address) => {
    listened.add(worker);
    log.info('worker listening', { worker_pid: worker.process.pid, port: address.port });
    if (bannerPrinted) return;
    bannerPrinted = true;
    const host = options.host ?? config.server.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    printStartBanner({ url, source: `${options.source}, ${options.workers} workers`, managementKey: generatedManagementKey, inferenceKey: null, exampleModel: options.catalog.models.keys().next().value ?? null });
  });
  cluster.on('exit', (worker, code, signal) => {
    const remaining = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (remaining === 0) {
        log.info('shut down');
        log.flush?.();
        process.exit(0);
      }
      return;
    }
    if (!listened.has(worker)) {
      // A worker that never listened (port taken, store unreachable) would fail again.
      log.error('worker failed to start', { worker_pid: worker.process.pid, code, signal });
      if (remaining === 0) {
        log.flush?.();
        process.exit(1);
      }
      return;
    }
    log.error('worker exited; starting a replacement', { worker_pid: worker.process.pid, code, signal });
    setTimeout(fork, RESTART_DELAY_MS);
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second signal: stop at once.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      log.flush?.();
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal, workers: Object.keys(cluster.workers ?? {}).length });
    const request: ShutdownRequest = { type: 'switchboard:shutdown' };
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker?.isConnected()) worker.send(request);
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    // A worker still starting (or hung) must not keep the primary alive forever: past the
    // streams' grace period plus time to flush records, what is left is killed.
    setTimeout(() => {
      log.error('workers did not stop in time; killing them', { workers: Object.keys(cluster.workers ?? {}).length });
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      log.flush?.();
      process.exit(1);
    }, config.server.shutdown_grace_ms + SHUTDOWN_MARGIN_MS).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  for (let index = 0; index < options.workers; index += 1) fork();
}

/** Migrates the store and creates the first management key, once, before any worker starts. */
async function prepareStore(config: GatewayConfig, managementKeyFromEnvironment: boolean): Promise<string | null> {
  const store = await openStore(config.store.url, storeOptions(config));
  try {
    if (managementKeyFromEnvironment) return null;
    const writer = new GenerationWriter({ store: store.generations, logger: { error: () => undefined } });
    try {
      return await new ApiKeyService(store, writer, () => Date.now()).ensureManagementKey();
    } finally {
      await writer.close();
    }
  } finally {
    await store.close();
  }
}

/** Answers a worker's /metrics with every live worker's metrics, aggregated by prom-client. */
function serveAggregatedMetrics(log: Logger): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, 'switchboard:metrics-request')) return;
    const reply = (response: Omit<MetricsResponse, 'type' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ type: 'switchboard:metrics-response', id: message.id, ...response } satisfies MetricsResponse);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ contentType: aggregator.contentType, text }),
      (error: unknown) => {
        log.warn('aggregating worker metrics failed', { error: String(error) });
        reply({ error: error instanceof Error ? error.message : String(error) });
      },
    );
  });
}
