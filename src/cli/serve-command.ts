import { existsSync } from 'node:fs';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { loadConfigFile } from '../catalog/load-config.js';
import { createJsonLogger } from '../telemetry/json-logger.js';
import { logPresets } from './log-presets.js';
import { runDemo } from './demo-command.js';
import { startGateway, type RunningGateway } from './start-gateway.js';
import { printStartBanner } from './start-banner.js';

export interface ServeArguments {
  config?: string;
  port?: number;
  host?: string;
}

export const DEFAULT_CONFIG_PATH = './switchboard.yaml';

/** `switchboard serve`: the given config, else ./switchboard.yaml, else the demo. */
export async function runServe(args: ServeArguments): Promise<RunningGateway> {
  const path = args.config ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (!path) return runDemo(args);
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols(), presetEnvironment: process.env });
  if (!loaded.ok) throw new ConfigError(path, loaded.errors);
  const log = createJsonLogger();
  logPresets(log, loaded.presets);
  const gateway = await startGateway({
    config: loaded.config,
    catalog: loaded.catalog,
    log,
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(process.env.SWITCHBOARD_MANAGEMENT_KEY ? { managementKey: process.env.SWITCHBOARD_MANAGEMENT_KEY } : {}),
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
