/**
 * What the client asked of the router, decoded from the request alongside the IR: which
 * model(s), which providers, and who is asking (for attribution).
 */

/**
 * Percentile cutoffs (S:PercentileThroughputCutoffs / PercentileLatencyCutoffs); a bare number
 * in the request means `{ p50 }`. Latency in seconds, throughput in tokens per second.
 */
export interface PercentileCutoffs {
  p50?: number;
  p75?: number;
  p90?: number;
  p99?: number;
}

/** OpenRouter's `provider` preferences object (S:ProviderPreferences), camel-cased. */
export interface ProviderPreferences {
  order?: string[];
  allowFallbacks?: boolean;
  requireParameters?: boolean;
  dataCollection?: 'allow' | 'deny';
  zdr?: boolean;
  only?: string[];
  ignore?: string[];
  quantizations?: string[];
  sort?: { by: 'price' | 'throughput' | 'latency'; partition?: 'model' | 'none' };
  /** Hard filter: USD per million tokens (prompt, completion), per request, per image. */
  maxPrice?: { prompt?: number; completion?: number; request?: number; image?: number };
  /** Soft: endpoints below it are tried later, never excluded. */
  preferredMinThroughput?: PercentileCutoffs;
  /** Soft: endpoints above it are tried later, never excluded. */
  preferredMaxLatency?: PercentileCutoffs;
  /** Beyond OpenRouter: race a second endpoint when the first is slow to its first token. */
  hedge?: boolean;
  /** Beyond OpenRouter: continue a broken stream on the next endpoint. */
  resume?: boolean;
}

export interface AppAttribution {
  httpReferer: string | null;
  title: string | null;
  categories: string | null;
}

export interface RoutingDirectives {
  /** The requested model slug, variant suffix included (`thudm/glm-4-32b:free`). */
  model: string;
  /** Fallback models tried in order after `model`. */
  fallbackModels: string[];
  provider: ProviderPreferences;
  sessionId: string | null;
  /** Names of the request parameters the client set (for require_parameters). */
  sentParameters: string[];
}
