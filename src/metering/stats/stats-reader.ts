import type { Picodollars } from '../../spec/money.js';
import type { ActivityRow, EndpointStatistics } from '../../spec/usage-statistics.js';
import type { GenerationRecord } from '../../store/store-types.js';
import type { UptimeBucket } from './endpoint-statistics.js';
import type { StatsPeriod } from './usage-windows.js';

/** One UTC day of a model's traffic (days without traffic included, as zeros). */
export interface ModelDayTokens {
  date: string;
  promptTokens: number;
  completionTokens: number;
  requests: number;
}

/** A model's traffic over a period. */
export interface ModelTokens {
  model: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
  cost: Picodollars;
}

/** An attributed app's traffic over a period (HTTP-Referer is its identity, X-Title its name). */
export interface AppTokens {
  appKey: string;
  name: string | null;
  referer: string | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  requests: number;
}

export interface ActivityQuery {
  /** Only this key's usage; every key's when absent. */
  apiKeyHash?: string;
  /** UTC days, inclusive (`YYYY-MM-DD`). */
  sinceDay: string;
  untilDay: string;
  /** Split rows per key too. */
  byKey?: boolean;
}

/**
 * The read side of metering, for the catalog API and the web pages. Endpoint figures come from
 * memory (cheap, synchronous); the rest from the store's rollups plus the records not yet
 * flushed, so a page shows a request the moment it ended.
 */
export interface StatsReader {
  /** Latency/throughput percentiles (30 min) and uptime (5 min, 30 min, 1 day) of an endpoint. */
  endpointStatistics(endpointId: string): EndpointStatistics;
  /** Uptime of an endpoint for the last `hours` hours (≤ 24) in `bucketMs` buckets (an hour by default), oldest first. */
  endpointUptimeHistory(endpointId: string, hours?: number, bucketMs?: number): UptimeBucket[];
  /** A model's prompt and completion tokens and requests per UTC day, the last `days` days, oldest first. */
  modelTokensByDay(model: string, days: number): Promise<ModelDayTokens[]>;
  /** Models with the most tokens in the period, most first. */
  topModels(period: StatsPeriod, limit: number): Promise<ModelTokens[]>;
  /** Apps with the most tokens in the period (all models, or one), most first. */
  topApps(period: StatsPeriod, limit: number, model?: string): Promise<AppTokens[]>;
  /** Usage by day, model and endpoint (and key), with cost: a key's, or everyone's. */
  activity(query: ActivityQuery): Promise<ActivityRow[]>;
  /** The latest generation records, newest first (unflushed ones included); `before` (unix ms, exclusive) pages back. */
  recentGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]>;
}
