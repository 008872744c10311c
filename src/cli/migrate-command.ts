import { existsSync } from 'node:fs';
import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { openStore } from '../store/open-store.js';
import { describePostgresUrl } from '../store/postgres/describe-postgres-url.js';
import { DEMO_STORE_URL } from './keys-command.js';
import { DEFAULT_CONFIG_PATH } from './serve-command.js';
import { storeOptions } from './store-options.js';

/**
 * `switchboard migrate [--config PATH]`: brings the configured store (--config, else
 * ./switchboard.yaml, else the demo's) to the latest schema and exits. `serve` migrates at
 * start too; this lets a deploy migrate once before starting gateways.
 */
export async function migrateCommand(options: { config?: string }): Promise<void> {
  const path = options.config ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  let url = DEMO_STORE_URL;
  let store;
  if (path === undefined) {
    store = await openStore(url);
  } else {
    const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols() });
    if (!loaded.ok) throw new Error(`${path}: invalid config\n${loaded.errors.join('\n')}`);
    url = loaded.config.store.url;
    store = await openStore(url, storeOptions(loaded.config));
  }
  await store.close();
  process.stdout.write(`Store ${url.startsWith('sqlite:') ? url : describePostgresUrl(url)} is at the latest schema.\n`);
}
