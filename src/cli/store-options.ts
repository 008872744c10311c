import type { GatewayConfig } from '../catalog/config-schema.js';
import type { OpenStoreOptions } from '../store/open-store.js';

/** The config's PostgreSQL settings (`store.pool_size`, `store.schema`); SQLite ignores them. */
export function storeOptions(config: GatewayConfig): OpenStoreOptions {
  return { poolSize: config.store.pool_size, ...(config.store.schema !== undefined ? { schema: config.store.schema } : {}) };
}
