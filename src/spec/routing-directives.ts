/**
 * What the client asked of the router, decoded from the request alongside the IR: which
 * model(s), which providers, and who is asking (for attribution).
 */

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
  maxPrice?: { prompt?: number; completion?: number; request?: number; image?: number };
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
