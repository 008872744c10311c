import type { RedisHealthReport } from '../shared-state/redis-connection.js';
import type { GatewayContext } from './gateway-context.js';

/** A health probe waits this long for the store before calling it unreachable. */
const PING_TIMEOUT_MS = 2_000;

export interface HealthReport {
  httpStatus: 200 | 503;
  body: {
    status: 'ok' | 'degraded' | 'unavailable';
    store: {
      ok: boolean;
      pending_records: number;
      max_pending_records: number;
      last_error?: string;
      failing_since?: string;
    };
    /** Present when Redis is configured. */
    redis?: RedisHealthReport;
    /** Present while appending to the record journal fails (the disk is full): records are not kill-safe. */
    journal?: { ok: false; last_error: string | null; failing_since: string | null; unjournaled_records: number };
  };
}

/**
 * `GET /health`: the store's (and Redis's) state as the gateway sees it. Policy (README):
 * - `ok` (200): the store answers, the last batch of records committed, Redis (if any) is up;
 * - `degraded` (200): the store or Redis fails, or the record journal cannot be appended to (a
 *   full disk), but requests still flow where that is safe (records wait in the bounded buffer;
 *   limits fail closed); a load balancer should keep sending traffic;
 * - `unavailable` (503): the buffer is full, so new requests are refused until the store is back.
 * A probe that reaches the store while the writer is backing off retries the writer at once,
 * so the gateway recovers as soon as the database is back.
 */
export async function checkHealth(context: Pick<GatewayContext, 'store' | 'generations' | 'redisHealth'>): Promise<HealthReport> {
  const pingError = await ping(context);
  const writer = context.generations.health();
  if (pingError === null && !writer.storeOk) context.generations.retryNow();
  const ok = pingError === null && writer.storeOk;
  const lastError = pingError ?? writer.lastError;
  const full = context.generations.isFull;
  const redis = context.redisHealth?.();
  const journal = writer.journal;
  const journalOk = journal?.ok ?? true;
  return {
    httpStatus: full ? 503 : 200,
    body: {
      status: full ? 'unavailable' : ok && (redis?.ok ?? true) && journalOk ? 'ok' : 'degraded',
      store: {
        ok,
        pending_records: writer.pendingRecords,
        max_pending_records: writer.maxPendingRecords,
        ...(!ok && lastError !== null ? { last_error: lastError } : {}),
        ...(writer.failingSince !== null ? { failing_since: new Date(writer.failingSince).toISOString() } : {}),
      },
      ...(redis !== undefined ? { redis } : {}),
      ...(journal !== undefined && !journal.ok
        ? { journal: { ok: false, last_error: journal.lastError, failing_since: journal.failingSince === null ? null : new Date(journal.failingSince).toISOString(), unjournaled_records: journal.unjournaled } }
        : {}),
    },
  };
}

/** A ping still unanswered, per store: probes of a stalled store share it instead of piling up on the pool. */
const pingsInFlight = new WeakMap<object, Promise<string | null>>();

/** The error message of a failed or timed-out ping, null when the store answered. */
async function ping(context: Pick<GatewayContext, 'store'>): Promise<string | null> {
  const { store } = context;
  let answer = pingsInFlight.get(store);
  if (answer === undefined) {
    answer = store.ping().then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    // `answer` never rejects, so neither does this.
    void answer.finally(() => pingsInFlight.delete(store));
    pingsInFlight.set(store, answer);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer within ${PING_TIMEOUT_MS} ms`), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
