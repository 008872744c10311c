import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { hashApiKey, labelApiKey, mintApiKey } from '../metering/api-key-material.js';
import { picodollarsToUsdString, usdToPicodollars } from '../spec/money.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store-types.js';
import { DEFAULT_CONFIG_PATH } from './serve-command.js';
import { existsSync } from 'node:fs';

/** The store the gateway would use: from --config, ./switchboard.yaml, or the demo's. */
async function openConfiguredStore(configPath: string | undefined): Promise<Store> {
  const path = configPath ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (!path) return openStore(DEMO_STORE_URL);
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols() });
  if (!loaded.ok) throw new Error(`${path}: invalid config\n${loaded.errors.join('\n')}`);
  return openStore(loaded.config.store.url);
}

/** Where the demo keeps its data (the CLI's default when there is no config). */
export const DEMO_STORE_URL = 'sqlite:./data/demo.db';

/** `switchboard keys create --name N [--limit USD]`: prints the plaintext key once. */
export async function createKeyCommand(options: { name: string; limit?: string; config?: string }): Promise<void> {
  let limit = null;
  if (options.limit !== undefined) {
    limit = usdToPicodollars(options.limit);
    if (limit === null) throw new Error(`--limit: "${options.limit}" is not a non-negative USD amount`);
  }
  const store = await openConfiguredStore(options.config);
  try {
    const plaintext = mintApiKey();
    const at = Date.now();
    const hash = hashApiKey(plaintext);
    await store.keys.insertKey({ hash, name: options.name, label: labelApiKey(plaintext), disabled: false, isManagement: false, limit, limitReset: null, expiresAt: null, createdAt: at, updatedAt: at });
    process.stdout.write(`key:  ${plaintext}\nhash: ${hash}\n(the key is shown once; only its hash is stored)\n`);
  } finally {
    await store.close();
  }
}

/** `switchboard keys list`. */
export async function listKeysCommand(options: { config?: string }): Promise<void> {
  const store = await openConfiguredStore(options.config);
  try {
    const keys = await store.keys.listKeys({ includeDisabled: true, includeManagement: true, offset: 0, limit: 10_000 });
    for (const key of keys) {
      const limit = key.limit === null ? 'no limit' : `limit $${picodollarsToUsdString(key.limit)}`;
      const state = key.disabled ? 'disabled' : key.isManagement ? 'management' : 'active';
      process.stdout.write(`${key.hash}  ${key.label}  ${state}  ${limit}  ${key.name}\n`);
    }
    if (keys.length === 0) process.stdout.write('no keys\n');
  } finally {
    await store.close();
  }
}

/** `switchboard keys disable HASH`. */
export async function disableKeyCommand(options: { hash: string; config?: string }): Promise<void> {
  const store = await openConfiguredStore(options.config);
  try {
    const updated = await store.keys.updateKey(options.hash, { disabled: true }, Date.now());
    if (!updated) throw new Error(`no key with hash ${options.hash}`);
    process.stdout.write(`disabled ${updated.hash} (${updated.name})\n`);
  } finally {
    await store.close();
  }
}
