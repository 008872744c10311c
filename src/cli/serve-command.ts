import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { loadConfigFile } from '../catalog/load-config.js';
import { createJsonLogger } from '../telemetry/json-logger.js';
import { logPresets } from './log-presets.js';
import { runDemo } from './demo-command.js';
import { startGateway, type RunningGateway } from './start-gateway.js';
import { printStartBanner } from './start-banner.js';
import { runClusterPrimary } from './cluster/cluster-primary.js';
import { joinClusterMetrics, withWorkerField } from './cluster/cluster-worker.js';
import { configuredRedisUrl, planWorkers } from './cluster/plan-workers.js';

export interface ServeArguments {
  config?: string;
  port?: number;
  host?: string;
  /** `--workers N`: processes on one port (default: one per core with Redis, else 1). */
  workers?: number;
}

export const DEFAULT_CONFIG_PATH = './switchboard.yaml';

/**
 * `switchboard serve`: the given config, else ./switchboard.yaml, else the demo. With several
 * workers this process becomes the cluster primary and resolves null (it manages its own
 * lifetime); a forked worker starts its gateway without migrating or printing the banner.
 */
export async function runServe(args: ServeArguments): Promise<RunningGateway | null> {
  const path = args.config ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (!path) {
    // The demo runs without Redis: --workers > 1 is refused with the reason.
    if ((args.workers ?? 1) > 1) planWorkers({ requested: args.workers, redisUrl: undefined, storeUrl: 'sqlite:./data/demo.db', cores: availableParallelism() });
    return runDemo(args);
  }
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols(), presetEnvironment: process.env });
  if (!loaded.ok) throw new ConfigError(path, loaded.errors);
  const log = createJsonLogger();
  const managementKey = process.env.SWITCHBOARD_MANAGEMENT_KEY;
  if (cluster.isWorker) {
    const gateway = await startGateway({
      config: loaded.config,
      catalog: loaded.catalog,
      log: withWorkerField(log, cluster.worker?.id ?? 0),
      migrate: false,
      bootstrapManagementKey: false,
      ...(args.port !== undefined ? { port: args.port } : {}),
      ...(args.host !== undefined ? { host: args.host } : {}),
      ...(managementKey ? { managementKey } : {}),
    });
    if (gateway.context.metrics !== undefined) joinClusterMetrics(gateway.context.metrics);
    return gateway;
  }
  logPresets(log, loaded.presets);
  const workers = planWorkers({ requested: args.workers, redisUrl: configuredRedisUrl(loaded.config), storeUrl: loaded.config.store.url, cores: availableParallelism() });
  if (workers > 1) {
    await runClusterPrimary({
      workers, config: loaded.config, catalog: loaded.catalog, source: path, managementKeyFromEnvironment: Boolean(managementKey), log,
      ...(args.host !== undefined ? { host: args.host } : {}),
    });
    return null;
  }
  const gateway = await startGateway({
    config: loaded.config,
    catalog: loaded.catalog,
    log,
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(managementKey ? { managementKey } : {}),
  });
  printStartBanner({ url: gateway.url, source: path, managementKey: gateway.generatedManagementKey, inferenceKey: null, exampleModel: loaded.catalog.models.keys().next().value ?? null });
  return gateway;
}

/** A config that does not validate: the CLI prints every message and exits non-zero. */
export class ConfigError extends Error {
  constructor(readonly path: string, readonly errors: string[]) {
    super(`${path}: invalid config\n${errors.map((line) => `  ${line}`).join('\n')}`);
  }
}
