import { randomBytes } from 'node:crypto';
import { RedisConnection } from '../redis-connection.js';

/** The Redis the tests use; suites are skipped (with a printed reason) without it. */
export const TEST_REDIS_URL = process.env.SWITCHBOARD_TEST_REDIS_URL ?? '';

/** Call at the top of a Redis suite: prints why it is skipped. */
export function skipWithoutRedis(suite: string): boolean {
  if (TEST_REDIS_URL !== '') return false;
  console.log(`[skipped] ${suite}: SWITCHBOARD_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379)`);
  return true;
}

/** A per-test key prefix: parallel test files never see each other's keys. */
export function randomPrefix(): string {
  return `switchboard-test:${randomBytes(6).toString('hex')}:`;
}

export const silentLog = { info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

/** A connected RedisConnection under `prefix`. */
export async function connectTestRedis(prefix: string, url = TEST_REDIS_URL, log = silentLog, waitMs = 5_000): Promise<RedisConnection> {
  const connection = new RedisConnection({ url, keyPrefix: prefix, commandTimeoutMs: 2_000, log });
  await connection.connect(waitMs);
  return connection;
}

/** Deletes every key under the prefix (never FLUSHDB: other tests share this Redis). */
export async function deletePrefix(connection: RedisConnection, prefix = connection.keyPrefix): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await connection.client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await connection.client.del(...keys);
  } while (cursor !== '0');
}
