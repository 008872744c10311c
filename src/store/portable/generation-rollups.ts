import { appKeyOf } from '../app-key.js';
import type { GenerationRecord } from '../store-types.js';
import { utcDayString } from '../../spec/utc-day.js';

/**
 * What a batch of newly stored generations adds to each rollup, summed per rollup row. Every
 * backend rolls up only the records its insert actually stored (a repeated id adds nothing),
 * so a retried batch never double counts.
 */

const utcDayOf = utcDayString;

/** One key's usage on one UTC day (`key_daily_usage`). */
export interface DailyUsageDelta {
  apiKeyHash: string;
  day: string;
  totalCost: bigint;
  requests: number;
  tokensPrompt: number;
  tokensCompletion: number;
}

/** One `usage_rollup` row's increment: per day, key, model and endpoint (`''` when none served). */
export interface UsageRollupDelta {
  day: string;
  apiKeyHash: string;
  model: string;
  endpointId: string;
  providerName: string;
  requests: number;
  tokensPrompt: number;
  tokensCompletion: number;
  tokensReasoning: number;
  totalCost: bigint;
}

/** One `app_usage_rollup` row's increment; `title` is the batch's last title sent (as SQLite's row-by-row COALESCE keeps). */
export interface AppUsageRollupDelta {
  day: string;
  appKey: string;
  referer: string | null;
  title: string | null;
  model: string;
  requests: number;
  tokensPrompt: number;
  tokensCompletion: number;
  totalCost: bigint;
}

export function sumDailyUsage(records: readonly GenerationRecord[]): DailyUsageDelta[] {
  const deltas = new Map<string, DailyUsageDelta>();
  for (const record of records) {
    const day = utcDayOf(record.createdAt);
    const mapKey = `${record.apiKeyHash}\u0000${day}`;
    let delta = deltas.get(mapKey);
    if (delta === undefined) {
      delta = { apiKeyHash: record.apiKeyHash, day, totalCost: 0n, requests: 0, tokensPrompt: 0, tokensCompletion: 0 };
      deltas.set(mapKey, delta);
    }
    delta.totalCost += record.totalCost;
    delta.requests += 1;
    delta.tokensPrompt += record.tokensPrompt;
    delta.tokensCompletion += record.tokensCompletion;
  }
  return [...deltas.values()];
}

export function sumUsageRollup(records: readonly GenerationRecord[]): UsageRollupDelta[] {
  const deltas = new Map<string, UsageRollupDelta>();
  for (const record of records) {
    const day = utcDayOf(record.createdAt);
    const endpointId = record.endpointId ?? '';
    const mapKey = `${day}\u0000${record.apiKeyHash}\u0000${record.model}\u0000${endpointId}`;
    let delta = deltas.get(mapKey);
    if (delta === undefined) {
      delta = {
        day, apiKeyHash: record.apiKeyHash, model: record.model, endpointId, providerName: record.providerName ?? '',
        requests: 0, tokensPrompt: 0, tokensCompletion: 0, tokensReasoning: 0, totalCost: 0n,
      };
      deltas.set(mapKey, delta);
    }
    delta.requests += 1;
    delta.tokensPrompt += record.tokensPrompt;
    delta.tokensCompletion += record.tokensCompletion;
    delta.tokensReasoning += record.nativeTokensReasoning;
    delta.totalCost += record.totalCost;
  }
  return [...deltas.values()];
}

export function sumAppUsageRollup(records: readonly GenerationRecord[]): AppUsageRollupDelta[] {
  const deltas = new Map<string, AppUsageRollupDelta>();
  for (const record of records) {
    const appKey = appKeyOf(record);
    if (appKey === null) continue;
    const day = utcDayOf(record.createdAt);
    const mapKey = `${day}\u0000${appKey}\u0000${record.model}`;
    let delta = deltas.get(mapKey);
    if (delta === undefined) {
      delta = {
        day, appKey, referer: record.httpReferer, title: null, model: record.model,
        requests: 0, tokensPrompt: 0, tokensCompletion: 0, totalCost: 0n,
      };
      deltas.set(mapKey, delta);
    }
    if (record.appTitle !== null) delta.title = record.appTitle;
    delta.requests += 1;
    delta.tokensPrompt += record.tokensPrompt;
    delta.tokensCompletion += record.tokensCompletion;
    delta.totalCost += record.totalCost;
  }
  return [...deltas.values()];
}
