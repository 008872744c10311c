import type { EndpointStatistics } from '../spec/usage-statistics.js';
import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { Picodollars } from '../spec/money.js';
import type { GenerationRecord } from '../store/store-types.js';

/**
 * What the web pages read, and nothing more. Pages depend on this interface only, so the
 * source behind it (today a scan of recent generation records, later the metering stats) can
 * change without touching a page. Every method is called when a page is rendered, never on
 * the inference path.
 */
export interface UiDataSource {
  /** Live figures per endpoint of a model: the same ones `GET /models/{a}/{s}/endpoints` shows. */
  endpointStatistics(model: Model): Promise<(endpoint: Endpoint) => EndpointStatistics>;
  /** Prompt and completion tokens per UTC day, oldest first, `days` entries ending today. */
  modelDailyTokens(modelId: string, days: number): Promise<DailyTokens[]>;
  /** Apps (by X-Title / HTTP-Referer) that used a model since `since` (unix ms), most tokens first. */
  topAppsForModel(modelId: string, since: number, limit: number): Promise<AppUsage[]>;
  /** Tokens per model id over the last 7 days (models without traffic are absent). */
  weeklyTokensByModel(): Promise<Map<string, number>>;
  rankings(period: RankingPeriod): Promise<Rankings>;
  /** Share of successful attempts per time bucket, oldest first; null where nothing was tried. */
  endpointUptimeSeries(endpointId: string, since: number, bucketMs: number): Promise<UptimePoint[]>;
  /** Usage since `since` (unix ms) by day, model and key, with cost. */
  activity(since: number): Promise<ActivityReport>;
  /** Newest first; `before` (unix ms) pages back. */
  recentGenerations(options: { limit: number; before?: number }): Promise<GenerationRecord[]>;
  generation(id: string): Promise<GenerationRecord | undefined>;
  credits(): Promise<CreditSummary>;
}

export type RankingPeriod = 'day' | 'week' | 'month';

export interface DailyTokens {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  prompt: number;
  completion: number;
}

export interface AppUsage {
  /** X-Title, or the referer's host when there is no title. */
  name: string;
  /** HTTP-Referer as sent, when it is an http(s) URL (pages link to it). */
  url: string | null;
  tokens: number;
  requests: number;
}

export interface ModelUsage {
  modelId: string;
  tokens: number;
  requests: number;
}

export interface Rankings {
  models: ModelUsage[];
  apps: AppUsage[];
}

export interface UptimePoint {
  /** Bucket start, unix ms. */
  at: number;
  /** 0..1, null when no attempt fell in the bucket. */
  uptime: number | null;
  attempts: number;
}

export interface UsageRow {
  /** The group: a day (`YYYY-MM-DD`), a model id, or a key hash. */
  group: string;
  /** What to show for the group (the key's name for keys). */
  label: string;
  requests: number;
  tokensPrompt: number;
  tokensCompletion: number;
  cost: Picodollars;
}

export interface ActivityReport {
  byDay: UsageRow[];
  byModel: UsageRow[];
  byKey: UsageRow[];
  total: UsageRow;
}

export interface CreditSummary {
  /** Credits are on once any were added; until then only usage is shown. */
  enabled: boolean;
  totalCredits: Picodollars;
  totalUsage: Picodollars;
}
