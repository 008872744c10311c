import { loadConfigFile } from '../catalog/load-config.js';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { hashApiKey, labelApiKey, mintApiKey } from '../metering/api-key-material.js';
import { picodollarsToUsdString } from '../spec/money.js';
import { parseUsdAmount } from '../metering/usd-amount.js';
import { openStore } from '../store/open-store.js';
import type { LimitReset, Store } from '../store/store-types.js';
import { DEFAULT_CONFIG_PATH } from './serve-command.js';
import { existsSync } from 'node:fs';
import { storeOptions } from './store-options.js';

/** The store the gateway would use: from --config, ./switchboard.yaml, or the demo's. */
export async function openConfiguredStore(configPath: string | undefined): Promise<Store> {
  const path = configPath ?? (existsSync(DEFAULT_CONFIG_PATH) ? DEFAULT_CONFIG_PATH : undefined);
  if (!path) return openStore(DEMO_STORE_URL);
  const loaded = await loadConfigFile(path, { knownAdapters: adapterProtocols() });
  if (!loaded.ok) throw new Error(`${path}: invalid config\n${loaded.errors.join('\n')}`);
  return openStore(loaded.config.store.url, storeOptions(loaded.config));
}

/** Where the demo keeps its data (the CLI's default when there is no config). */
export const DEMO_STORE_URL = 'sqlite:./data/demo.db';

/** `switchboard keys create --name N [--limit USD] [--limit-reset daily|weekly|monthly] [--expires ISO]`: prints the plaintext key once. */
export async function createKeyCommand(options: { name: string; limit?: string; limitReset?: string; expires?: string; config?: string }): Promise<void> {
  let limit = null;
  if (options.limit !== undefined) {
    const parsed = parseUsdAmount(options.limit, '--limit', { positive: false });
    if (!parsed.ok) throw new Error(parsed.message);
    limit = parsed.amount;
  }
  const limitReset = options.limitReset ?? null;
  if (limitReset !== null && !isLimitReset(limitReset)) throw new Error(`--limit-reset must be daily, weekly or monthly, got "${limitReset}"`);
  const expiresAt = options.expires === undefined ? null : Date.parse(options.expires);
  if (expiresAt !== null && (Number.isNaN(expiresAt) || !/^\d{4}-\d{2}-\d{2}/.test(options.expires ?? ''))) {
    throw new Error(`--expires must be an ISO 8601 date-time such as 2026-12-31T23:59:59Z, got "${options.expires ?? ''}"`);
  }
  const store = await openConfiguredStore(options.config);
  try {
    const plaintext = mintApiKey();
    const at = Date.now();
    const hash = hashApiKey(plaintext);
    await store.keys.insertKey({ hash, name: options.name, label: labelApiKey(plaintext), disabled: false, isManagement: false, limit, limitReset, expiresAt, createdAt: at, updatedAt: at });
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

function isLimitReset(value: string): value is LimitReset {
  return value === 'daily' || value === 'weekly' || value === 'monthly';
}
