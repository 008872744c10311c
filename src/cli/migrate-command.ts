import { describePostgresUrl } from '../store/postgres/describe-postgres-url.js';
import { openConfiguredStore } from './keys-command.js';
import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_PATH } from './serve-command.js';

/**
 * `switchboard migrate [--config PATH]`: brings the configured store to the latest schema and
 * exits (`serve` migrates at start too; this lets a deploy migrate before starting gateways).
 */
export async function migrateCommand(options: { config?: string }): Promise<void> {
  const store = await openConfiguredStore(options.config);
  await store.close();
  process.stdout.write(`Store ${await describeConfiguredStore(options.config)} is at the latest schema.\n`);
}

async function describeConfiguredStore(configPath: string | undefined): Promise<string> {
  const path = configPath ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (path === undefined) return 'of the demo (sqlite:./data/demo.db)';
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols() });
  if (!loaded.ok) return `of ${path}`;
  const url = loaded.config.store.url;
  return url.startsWith('sqlite:') ? url : describePostgresUrl(url);
}
