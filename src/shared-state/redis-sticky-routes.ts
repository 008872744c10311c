import { createHash } from 'node:crypto';
import { StickyRoutes, type StickyRouteStore, type StickyRoutesOptions } from '../routing/sticky-routes.js';
import type { RedisConnection } from './redis-connection.js';

export interface RedisStickyRoutesOptions extends StickyRoutesOptions {
  /** Longest wait for the shared entries before planning goes on with the local view. */
  prefetchWaitMs?: number;
}

/**
 * Sticky conversations shared by gateway processes: each entry is a Redis string with the
 * 10-minute TTL, set again (so refreshed) whenever the conversation is served. The planner
 * reads a local copy; `prefetch` refreshes it from Redis before planning, waiting a few
 * milliseconds at most. Redis down or slow: the local entries (this process's) are used.
 */
export class RedisStickyRoutes implements StickyRouteStore {
  private readonly local: StickyRoutes;
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly connection: RedisConnection,
    options: RedisStickyRoutesOptions = {},
  ) {
    this.local = new StickyRoutes(options);
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.waitMs = options.prefetchWaitMs ?? 25;
  }

  lookup(key: string, now: number): string | undefined {
    return this.local.lookup(key, now);
  }

  remember(key: string, endpointId: string, now: number): void {
    this.local.remember(key, endpointId, now);
    if (!this.connection.healthy) return;
    void this.connection.run('sticky_set', (client) => client.set(this.redisKey(key), endpointId, 'PX', this.ttlMs)).catch(() => undefined);
  }

  async prefetch(keys: readonly string[], now: number): Promise<void> {
    if (!this.connection.healthy) return;
    let timer: NodeJS.Timeout | undefined;
    const read = this.connection.run('sticky_get', (client) => client.mget(...keys.map((key) => this.redisKey(key)))).then(
      (values) => {
        values.forEach((endpointId, index) => {
          if (endpointId !== null) this.local.remember(keys[index]!, endpointId, now);
        });
      },
      () => undefined,
    );
    await Promise.race([read, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.waitMs)))]);
    clearTimeout(timer);
  }

  /** Conversation keys carry the API key's hash and a model id: hashed to a short, fixed-size name. */
  private redisKey(key: string): string {
    return this.connection.key('sticky', createHash('sha256').update(key).digest('base64url'));
  }
}
