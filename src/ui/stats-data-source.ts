import type { GenerationWriter } from '../metering/generation-writer.js';
import { readCreditBalance } from '../metering/credit-balance.js';
import type { AppTokens, StatsReader } from '../metering/stats/stats-reader.js';
import type { Store } from '../store/store-types.js';
import type { ActivityReport, AppUsage, UiDataSource, UsageRow } from './ui-data-source.js';

export interface StatsDataSourceOptions {
  stats: StatsReader;
  store: Store;
  writer: GenerationWriter;
  creditsEnabled: boolean;
  now: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The pages' data from metering's read side: endpoint figures and uptime from the per-minute
 * sketches and counters, tokens, rankings and activity from the store's rollups (unflushed
 * records included), so every page shows the same numbers as the API, and a page never scans
 * raw records.
 */
export function createStatsDataSource(options: StatsDataSourceOptions): UiDataSource {
  const { stats, store, writer, now } = options;
  return {
    endpointStatistics: async () => (endpoint) => stats.endpointStatistics(endpoint.id),

    async modelDailyTokens(modelId, days) {
      const rows = await stats.modelTokensByDay(modelId, days);
      return rows.map((row) => ({ day: row.date, prompt: row.promptTokens, completion: row.completionTokens }));
    },

    async topAppsForModel(modelId, since, limit) {
      return (await stats.topApps(periodSince(since, now()), limit, modelId)).map(appUsage);
    },

    async weeklyTokensByModel() {
      const models = await stats.topModels('week', Number.MAX_SAFE_INTEGER);
      return new Map(models.map((model) => [model.model, model.totalTokens]));
    },

    async rankings(period) {
      const [models, apps] = await Promise.all([stats.topModels(period, 20), stats.topApps(period, 20)]);
      return {
        models: models.map((model) => ({ modelId: model.model, tokens: model.totalTokens, requests: model.requests })),
        apps: apps.map(appUsage),
      };
    },

    async endpointUptimeSeries(endpointId, since, bucketMs) {
      const hours = Math.max(1, (now() - since) / (60 * 60 * 1000));
      return stats.endpointUptimeHistory(endpointId, hours, bucketMs).map((bucket) => ({
        at: bucket.start,
        uptime: bucket.uptime === null ? null : bucket.uptime / 100,
        attempts: bucket.successes + bucket.errors + bucket.rateLimited,
      }));
    },

    async activity(since) {
      const rows = await stats.activity({ sinceDay: utcDay(since), untilDay: utcDay(now()), byKey: true });
      const byDay = new Map<string, UsageRow>();
      const byModel = new Map<string, UsageRow>();
      const byKey = new Map<string, UsageRow>();
      const total = emptyRow('total');
      for (const row of rows) {
        for (const [groups, group] of [[byDay, row.date], [byModel, row.model], [byKey, row.apiKeyHash ?? '']] as const) {
          let entry = groups.get(group);
          if (entry === undefined) groups.set(group, (entry = emptyRow(group)));
          addTo(entry, row);
        }
        addTo(total, row);
      }
      const report: ActivityReport = {
        byDay: [...byDay.values()].sort((a, b) => b.group.localeCompare(a.group)),
        byModel: [...byModel.values()].sort(byCostThenTokens),
        byKey: [...byKey.values()].sort(byCostThenTokens),
        total,
      };
      for (const row of report.byKey) row.label = (await store.keys.getKey(row.group))?.name ?? `${row.group.slice(0, 12)}…`;
      return report;
    },

    recentGenerations: ({ limit, before }) => stats.recentGenerations({ limit, ...(before === undefined ? {} : { before }) }),

    generation: (id) => writer.get(id),

    async credits() {
      const balance = await readCreditBalance(store, writer);
      return { enabled: options.creditsEnabled, ...balance };
    },
  };
}

/** The rollups keep days, weeks (7 days) and months (30 days): the smallest that covers `since`. */
function periodSince(since: number, at: number): 'day' | 'week' | 'month' {
  const span = at - since;
  return span <= DAY_MS ? 'day' : span <= 7 * DAY_MS ? 'week' : 'month';
}

function appUsage(app: AppTokens): AppUsage {
  const url = app.referer !== null && /^https?:\/\//i.test(app.referer) ? app.referer : null;
  return { name: app.name ?? hostOf(app.referer) ?? app.appKey, url, tokens: app.totalTokens, requests: app.requests };
}

function hostOf(referer: string | null): string | null {
  if (referer === null) return null;
  try {
    return new URL(referer).host || referer;
  } catch {
    return referer;
  }
}

function emptyRow(group: string): UsageRow {
  return { group, label: group, requests: 0, tokensPrompt: 0, tokensCompletion: 0, cost: 0n };
}

function addTo(entry: UsageRow, row: { requests: number; promptTokens: number; completionTokens: number; cost: bigint }): void {
  entry.requests += row.requests;
  entry.tokensPrompt += row.promptTokens;
  entry.tokensCompletion += row.completionTokens;
  entry.cost += row.cost;
}

function byCostThenTokens(a: UsageRow, b: UsageRow): number {
  if (a.cost !== b.cost) return a.cost > b.cost ? -1 : 1;
  return b.tokensPrompt + b.tokensCompletion - (a.tokensPrompt + a.tokensCompletion);
}

function utcDay(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(0, 10);
}
