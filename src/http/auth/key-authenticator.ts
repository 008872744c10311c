import { hashApiKey } from '../../metering/api-key-material.js';
import { GatewayError } from '../../spec/errors.js';
import type { ApiKeyRecord, KeyStore } from '../../store/store-types.js';

/** Who is calling, once the key checked out. */
export interface Caller {
  key: ApiKeyRecord;
}

const CACHE_LIMIT = 10_000;
/** Changes made elsewhere (the CLI, another process) are seen within this time. */
const CACHE_TTL_MS = 5_000;

/**
 * Bearer-key authentication. Keys are looked up by their SHA-256 hash (cached in memory, so
 * the hot path does no I/O) and the hash is compared in constant time. The management key
 * from the environment lives only in memory.
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, { record: ApiKeyRecord; cachedAt: number }>();
  private readonly hashes = new Map<string, string>();
  private readonly environmentManagementKey: ApiKeyRecord | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly now: () => number,
    environmentManagementKey?: string,
  ) {
    if (environmentManagementKey) {
      const hash = hashApiKey(environmentManagementKey);
      this.environmentManagementKey = {
        hash, name: 'SWITCHBOARD_MANAGEMENT_KEY', label: 'environment', disabled: false, isManagement: true,
        limit: null, limitReset: null, expiresAt: null, createdAt: 0, updatedAt: 0,
      };
    }
  }

  /** Resolves the Authorization header to a usable key, or throws a 401. */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    const token = bearerToken(authorization);
    if (!token) throw new GatewayError('unauthorized', 'Missing Authorization header: send "Authorization: Bearer <key>"');
    const hash = this.hashOf(token);
    const key = await this.lookup(hash);
    if (!key || !sameHash(key.hash, hash)) throw new GatewayError('unauthorized', 'Invalid API key');
    this.remember(token, hash);
    if (key.disabled) throw new GatewayError('unauthorized', 'This API key is disabled');
    if (key.expiresAt !== null && key.expiresAt <= this.now()) throw new GatewayError('unauthorized', 'This API key has expired');
    return { key };
  }

  /** Inference needs an ordinary key. */
  async authenticateInference(authorization: string | undefined): Promise<Caller> {
    const caller = await this.authenticate(authorization);
    if (caller.key.isManagement) throw new GatewayError('forbidden', 'Management keys cannot be used for inference; create an API key with POST /api/v1/keys');
    return caller;
  }

  /** Key management needs a management key. */
  async authenticateManagement(authorization: string | undefined): Promise<Caller> {
    const caller = await this.authenticate(authorization);
    if (!caller.key.isManagement) throw new GatewayError('unauthorized', 'This endpoint requires a management key');
    return caller;
  }

  /**
   * SHA-256 of a presented key, memoised: hashing is a few microseconds per request, a map
   * lookup is not. Bounded, and only keys that matched a record are remembered.
   */
  private hashOf(token: string): string {
    const known = this.hashes.get(token);
    if (known !== undefined) return known;
    return hashApiKey(token);
  }

  private remember(token: string, hash: string): void {
    if (this.hashes.size >= CACHE_LIMIT) this.hashes.clear();
    this.hashes.set(token, hash);
  }

  /** Drops a cached key after it changed (update, disable, delete). */
  invalidate(hash: string): void {
    this.cache.delete(hash);
  }

  private async lookup(hash: string): Promise<ApiKeyRecord | undefined> {
    if (this.environmentManagementKey && hash === this.environmentManagementKey.hash) return this.environmentManagementKey;
    const cached = this.cache.get(hash);
    const at = this.now();
    if (cached && at - cached.cachedAt < CACHE_TTL_MS) return cached.record;
    let found: ApiKeyRecord | undefined;
    try {
      found = await this.keys.getKey(hash);
    } catch (error) {
      // Store down: a key seen before keeps working as it was last read (changes made
      // meanwhile apply once the store is back); a key never seen cannot be checked.
      if (cached) return cached.record;
      throw new GatewayError('unavailable', 'The key store is unavailable; try again shortly', { cause: error, retryAfterSeconds: 5 });
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    // Unknown hashes are not cached, so a key created by another process is found next time.
    if (found) this.cache.set(hash, { record: found, cachedAt: at });
    else this.cache.delete(hash);
    return found;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Constant-time comparison of two hex hashes: every character is compared whatever the first
 * difference (as crypto.timingSafeEqual does, without decoding both into buffers per request).
 */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}
