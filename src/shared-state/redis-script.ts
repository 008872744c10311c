import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis-connection.js';

/**
 * A Lua script run by its SHA (EVALSHA), sent in full (EVAL, which also caches it) when Redis
 * does not know it: after a restart or a SCRIPT FLUSH the scripts re-arm themselves.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(
    private readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(connection: RedisConnection, args: readonly (string | number)[]): Promise<unknown> {
    return connection.run(this.name, async (client) => {
      try {
        return await client.evalsha(this.sha, 0, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return client.eval(this.source, 0, ...args);
      }
    });
  }
}
