import type { Picodollars } from './money.js';

/**
 * The figures metering measures and the API and pages report: shared here so the producer
 * (metering/stats) and the encoders (api/) agree on one shape.
 */

/** Percentiles of a window (latency in ms, throughput in tokens per second). */
export interface Percentiles {
  p50: number;
  p75: number;
  p90: number;
  p99: number;
}

/** An endpoint's live figures, null until there is enough traffic (S:PublicEndpoint's fields). */
export interface EndpointStatistics {
  latencyLast30m: Percentiles | null;
  throughputLast30m: Percentiles | null;
  /** Percent of successful requests, rate-limited ones excluded. */
  uptimeLast5m: number | null;
  uptimeLast30m: number | null;
  uptimeLast1d: number | null;
}

/** Usage of one UTC day, model and endpoint (and key, when asked), with its exact cost. */
export interface ActivityRow {
  date: string;
  model: string;
  /** Present when the query grouped by key. */
  apiKeyHash?: string;
  /** `''` for requests no endpoint served. */
  endpointId: string;
  providerName: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cost: Picodollars;
}
