import type { GatewayConfig } from '../catalog/config-schema.js';
import { FreeTierLimiter, type FreeTierCounter } from '../metering/free-tier-limiter.js';
import { InMemorySpendLedger } from '../metering/in-memory-spend-ledger.js';
import type { SpendBaselines } from '../metering/spend-baselines.js';
import type { SpendLedger } from '../metering/spend-ledger.js';
import type { EndpointStatisticsCollector } from '../metering/stats/endpoint-statistics.js';
import type { EndpointHealth } from '../routing/endpoint-health.js';
import type { StickyRouteStore } from '../routing/sticky-routes.js';
import { RedisConnection, type RedisHealthReport } from './redis-connection.js';
import { RedisEndpointHealth } from './redis-endpoint-health.js';
import { SharedEndpointStatistics } from './redis-endpoint-statistics.js';
import { RedisFreeTierLimiter } from './redis-free-tier-limiter.js';
import { RedisSpendLedger } from './redis-spend-ledger.js';
import { RedisStickyRoutes } from './redis-sticky-routes.js';

export interface SharedStateLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface SharedStateOptions {
  config: GatewayConfig;
  baselines: SpendBaselines;
  /** Metering's clock (limits, reservations, free-tier windows). */
  now: () => number;
  /** The router's clock (health windows, sticky expiry). */
  routingNow: () => number;
  reservationTtlMs: number;
  /** Endpoint figures to merge with other processes' (latency/throughput sketches, uptime counts). */
  statistics: EndpointStatisticsCollector;
  log: SharedStateLog;
  /** Redis latency per operation, for GET /metrics. */
  observeRedis?: (operation: string, outcome: 'ok' | 'error', seconds: number) => void;
}

/** The state several gateway processes must share, or this process's own when there is no Redis. */
export interface SharedState {
  ledger: SpendLedger;
  freeTier: FreeTierCounter | null;
  /** Undefined: the router's in-memory defaults. */
  health: EndpointHealth | undefined;
  stickyRoutes: StickyRouteStore | undefined;
  /** Null without Redis. */
  connection: RedisConnection | null;
  /** For GET /health; undefined without Redis. */
  report(): RedisHealthReport | undefined;
  /** Replays what it can, stops timers, closes the client. */
  close(): Promise<void>;
}

/**
 * The one place start-up builds shared state from config: with `redis.url`, the ledger,
 * free-tier counters, endpoint health and sticky routes live in Redis and endpoint statistics
 * are merged through it (each with its degradation policy, see README); without it, in this
 * process's memory as before.
 */
export async function buildSharedState(options: SharedStateOptions): Promise<SharedState> {
  const { config, baselines, now, log } = options;
  const { free_tier: freeTier } = config.billing;
  const limits = { requestsPerMinute: freeTier.requests_per_minute, requestsPerDay: freeTier.requests_per_day };
  const url = config.redis?.url ?? '';
  if (url === '') {
    return {
      ledger: new InMemorySpendLedger({ baselines, now, reservationTtlMs: options.reservationTtlMs }),
      freeTier: freeTier.enabled ? new FreeTierLimiter(limits, now) : null,
      health: undefined,
      stickyRoutes: undefined,
      connection: null,
      report: () => undefined,
      close: async () => undefined,
    };
  }
  const connection = new RedisConnection({
    url, keyPrefix: config.redis?.key_prefix ?? 'switchboard:', commandTimeoutMs: config.redis?.command_timeout_ms ?? 1_000, log,
    ...(options.observeRedis !== undefined ? { observe: options.observeRedis } : {}),
  });
  await connection.connect();
  const ledger = new RedisSpendLedger({ connection, baselines, now, reservationTtlMs: options.reservationTtlMs, log });
  const health = new RedisEndpointHealth(connection, { now: options.routingNow });
  const statistics = new SharedEndpointStatistics(connection, { collector: options.statistics, now });
  return {
    ledger,
    freeTier: freeTier.enabled ? new RedisFreeTierLimiter(connection, limits, now) : null,
    health,
    stickyRoutes: new RedisStickyRoutes(connection),
    connection,
    report: () => connection.report(),
    close: async () => {
      health.close();
      statistics.close();
      await statistics.sync();
      await ledger.close();
      await connection.close();
    },
  };
}
