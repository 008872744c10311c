import type { Picodollars } from '../spec/money.js';

/**
 * Narrow, async store interfaces, one per concern. What the portable query builder can write
 * once lives in portable/; sqlite/ and postgres/ hold only what differs per backend (the
 * connection, migrations, the batched generation write); one conformance suite checks both.
 * The business layer mints ids and timestamps; stores persist what they are given.
 */

export type LimitReset = 'daily' | 'weekly' | 'monthly';

export interface ApiKeyRecord {
  /** SHA-256 hex of the plaintext key: the public id. */
  hash: string;
  name: string;
  /** Display label: the key's first and last characters (`sk-sb-v1-abc...xyz`). */
  label: string;
  disabled: boolean;
  /** Management keys manage keys; they cannot call inference. */
  isManagement: boolean;
  /** Spending limit, null for none. */
  limit: Picodollars | null;
  limitReset: LimitReset | null;
  /** Unix ms, null for never. */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface KeyPatch {
  name?: string;
  disabled?: boolean;
  limit?: Picodollars | null;
  limitReset?: LimitReset | null;
  expiresAt?: number | null;
}

export interface KeyStore {
  insertKey(record: ApiKeyRecord): Promise<void>;
  getKey(hash: string): Promise<ApiKeyRecord | undefined>;
  listKeys(options: { includeDisabled: boolean; includeManagement: boolean; offset: number; limit: number }): Promise<ApiKeyRecord[]>;
  /** Applies the patch and returns the updated record (undefined when unknown). */
  updateKey(hash: string, patch: KeyPatch, updatedAt: number): Promise<ApiKeyRecord | undefined>;
  deleteKey(hash: string): Promise<boolean>;
  countManagementKeys(): Promise<number>;
}

/** One upstream attempt of a generation, fallbacks included. */
export interface AttemptRecord {
  providerName: string;
  providerSlug: string;
  endpointId: string;
  model: string;
  /** Upstream HTTP status, 200 for success, null when no response (connection error, timeout). */
  status: number | null;
  latencyMs: number;
  errorKind?: string;
  errorMessage?: string;
}

export interface GenerationRecord {
  /** `gen-…`, also the response id and the X-Generation-Id header. */
  id: string;
  upstreamId: string | null;
  /** Unix ms. */
  createdAt: number;
  apiKeyHash: string;
  /** The model actually used (fallbacks resolved). */
  model: string;
  providerName: string | null;
  providerSlug: string | null;
  endpointId: string | null;
  apiType: 'chat' | 'completions' | 'messages';
  streamed: boolean;
  cancelled: boolean;
  finishReason: string | null;
  nativeFinishReason: string | null;
  /** Time to first token (ms). */
  latencyMs: number | null;
  /** Time from first token to the end (ms). */
  generationTimeMs: number | null;
  tokensPrompt: number;
  tokensCompletion: number;
  nativeTokensPrompt: number;
  nativeTokensCompletion: number;
  nativeTokensReasoning: number;
  nativeTokensCached: number;
  nativeTokensCacheWrite: number;
  numMediaPrompt: number;
  totalCost: Picodollars;
  /** Saved by cache reads (positive) minus the premium of cache writes. */
  cacheDiscount: Picodollars;
  appTitle: string | null;
  httpReferer: string | null;
  appCategories: string | null;
  userAgent: string | null;
  externalUser: string | null;
  sessionId: string | null;
  errorMessage: string | null;
  attempts: AttemptRecord[];
}

export interface GenerationStore {
  /**
   * Inserts a batch in one transaction, rolling each record's cost and tokens into the
   * per-key daily usage in the same transaction, so usage and records never disagree.
   */
  insertGenerations(records: GenerationRecord[]): Promise<void>;
  getGeneration(id: string): Promise<GenerationRecord | undefined>;
  listGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]>;
}

export interface KeyUsage {
  total: Picodollars;
  /** Usage since the given start of day, week and month (UTC). */
  daily: Picodollars;
  weekly: Picodollars;
  monthly: Picodollars;
}

/** A key's spend: all time, and per UTC day from a given day on (days without spend omitted). */
export interface KeyDailyCosts {
  total: Picodollars;
  days: { day: string; cost: Picodollars }[];
}

/** The dimensions usage rows can be grouped by. */
export type UsageDimension = 'day' | 'apiKeyHash' | 'model' | 'endpoint';

export interface UsageQuery {
  /** First UTC day included (`YYYY-MM-DD`). */
  sinceDay: string;
  /** Last UTC day included; open-ended when absent. */
  untilDay?: string;
  apiKeyHash?: string;
  model?: string;
  /** Columns to group by; the others are summed over. */
  groupBy: UsageDimension[];
}

/** Summed usage of one group; a field is present when its dimension was grouped by. */
export interface UsageRow {
  day?: string;
  apiKeyHash?: string;
  model?: string;
  /** `''` for requests no endpoint served (every attempt failed). */
  endpointId?: string;
  providerName?: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cost: Picodollars;
}

export interface AppUsageQuery {
  sinceDay: string;
  untilDay?: string;
  model?: string;
  /** Group per app and also by these; the others are summed over. */
  groupBy: ('day' | 'model')[];
  /** Most rows returned, the most tokens first. */
  limit: number;
}

/** One attributed app's usage (per day and/or model when grouped so). */
export interface AppUsageRow {
  /** The referer when the app sent one, else `title:<title>`. */
  appKey: string;
  referer: string | null;
  title: string | null;
  day?: string;
  model?: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: Picodollars;
}

export interface UsageStore {
  /** Day strings are `YYYY-MM-DD` (UTC). */
  keyUsage(apiKeyHash: string, since: { day: string; week: string; month: string }): Promise<KeyUsage>;
  /** Sum over every key. */
  totalUsage(): Promise<Picodollars>;
  /** A key's all-time spend and its spend per day on or after `sinceDay`. */
  keyDailyCosts(apiKeyHash: string, sinceDay: string): Promise<KeyDailyCosts>;
  /** Usage summed by the requested dimensions, ordered by the grouped columns. */
  usageRollup(query: UsageQuery): Promise<UsageRow[]>;
  /** Attributed apps' usage, the most tokens (prompt + completion) first. */
  appUsage(query: AppUsageQuery): Promise<AppUsageRow[]>;
}

export interface CreditStore {
  addCredits(amount: Picodollars, at: number, note: string | null): Promise<void>;
  totalCredits(): Promise<Picodollars>;
}

export interface Store {
  readonly keys: KeyStore;
  readonly generations: GenerationStore;
  readonly usage: UsageStore;
  readonly credits: CreditStore;
  /** One round trip to the database (`SELECT 1`), for health checks; rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
