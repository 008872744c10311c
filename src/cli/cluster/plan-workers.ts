/**
 * How many gateway processes `serve` runs. Several processes share records through the store
 * and must share limits, reservations, rate limits and health through Redis: without it each
 * process would hold its own reservations, so N processes could together spend a key's limit
 * N times over. So N > 1 needs Redis, with SQLite and with PostgreSQL alike (the issue asks
 * this for SQLite; refusing PostgreSQL without Redis too is our stricter policy).
 */
export interface WorkerSetup {
  /** `--workers`, when given. */
  requested: number | undefined;
  /** The config's `redis.url`; undefined or '' when Redis is not configured. */
  redisUrl: string | undefined;
  storeUrl: string;
  /** Cores this process may use (os.availableParallelism()). */
  cores: number;
}

export class WorkerCountError extends Error {}

/** The default is one process per core when Redis is configured, else one; an impossible request throws. */
export function planWorkers(setup: WorkerSetup): number {
  const hasRedis = setup.redisUrl !== undefined && setup.redisUrl !== '';
  const workers = setup.requested ?? (hasRedis && !isMemoryStore(setup.storeUrl) ? Math.max(1, setup.cores) : 1);
  if (workers <= 1) return 1;
  if (!hasRedis) {
    throw new WorkerCountError(
      `--workers ${workers} needs Redis (redis.url in the config): without it every process keeps its own ` +
        'spend reservations, rate limits and endpoint health, so the processes together could overspend a key ' +
        `limit up to ${workers} times. Configure redis.url, or serve with --workers 1.`,
    );
  }
  if (isMemoryStore(setup.storeUrl)) {
    throw new WorkerCountError(`--workers ${workers} cannot share sqlite::memory: (each process would have its own empty database); use a sqlite file or postgres:// store.`);
  }
  return workers;
}

function isMemoryStore(storeUrl: string): boolean {
  return storeUrl === 'sqlite::memory:';
}

/** The config's `redis.url`, read by name so this works whether or not the config schema declares it. */
export function configuredRedisUrl(config: object): string | undefined {
  const redis = (config as { redis?: unknown }).redis;
  if (typeof redis !== 'object' || redis === null) return undefined;
  const url = (redis as { url?: unknown }).url;
  return typeof url === 'string' && url !== '' ? url : undefined;
}
