import type { GenerationRecord, Store, UsageDimension, UsageQuery, UsageRow } from '../../store/store-types.js';
import { appKeyOf } from '../../store/app-key.js';
import type { GenerationWriter } from '../generation-writer.js';
import { utcDayString } from '../usage-periods.js';
import type { ActivityRow, EndpointStatistics } from '../../spec/usage-statistics.js';
import type { EndpointStatisticsCollector, UptimeBucket } from './endpoint-statistics.js';
import type { ActivityQuery, AppTokens, ModelDayTokens, ModelTokens, StatsReader } from './stats-reader.js';
import { daysBetween, lastDays, periodDays, type StatsPeriod } from './usage-windows.js';

/** StatsReader over the store's rollups, the writer's unflushed records and the in-memory endpoint figures. */
export class StoreStatsReader implements StatsReader {
  constructor(
    private readonly store: Store,
    private readonly writer: GenerationWriter,
    private readonly endpoints: EndpointStatisticsCollector,
    private readonly now: () => number,
  ) {}

  endpointStatistics(endpointId: string): EndpointStatistics {
    return this.endpoints.statistics(endpointId, this.writer.pendingRecords());
  }

  endpointUptimeHistory(endpointId: string, hours?: number, bucketMs?: number): UptimeBucket[] {
    return this.endpoints.uptimeHistory(endpointId, hours, bucketMs);
  }

  async modelTokensByDay(model: string, days: number): Promise<ModelDayTokens[]> {
    const range = lastDays(days, this.now());
    const rows = await this.usage({ ...range, model, groupBy: ['day'] });
    const byDay = new Map(rows.map((row) => [row.day, row]));
    return daysBetween(range.sinceDay, range.untilDay).map((date) => {
      const row = byDay.get(date);
      return { date, promptTokens: row?.promptTokens ?? 0, completionTokens: row?.completionTokens ?? 0, requests: row?.requests ?? 0 };
    });
  }

  async topModels(period: StatsPeriod, limit: number): Promise<ModelTokens[]> {
    const rows = await this.usage({ ...periodDays(period, this.now()), groupBy: ['model'] });
    return rows
      .map((row) => ({
        model: row.model ?? '',
        promptTokens: row.promptTokens,
        completionTokens: row.completionTokens,
        totalTokens: row.promptTokens + row.completionTokens,
        requests: row.requests,
        cost: row.cost,
      }))
      .sort((a, b) => b.totalTokens - a.totalTokens || a.model.localeCompare(b.model))
      .slice(0, limit);
  }

  async topApps(period: StatsPeriod, limit: number, model?: string): Promise<AppTokens[]> {
    const range = periodDays(period, this.now());
    const apps = await this.writer.readWithPending(
      // Read more than asked: unflushed records may lift an app into the top.
      () => this.store.usage.appUsage({ ...range, ...(model !== undefined ? { model } : {}), groupBy: [], limit: limit + 50 }),
      (stored, pending) => {
        const byApp = new Map<string, AppTokens>();
        for (const row of stored) {
          byApp.set(row.appKey, { appKey: row.appKey, name: row.title, referer: row.referer, promptTokens: row.promptTokens, completionTokens: row.completionTokens, totalTokens: row.promptTokens + row.completionTokens, requests: row.requests });
        }
        for (const record of pending()) {
          const appKey = appKeyOf(record);
          if (appKey === null || (model !== undefined && record.model !== model) || !inRange(record, range)) continue;
          const app = byApp.get(appKey) ?? { appKey, name: record.appTitle, referer: record.httpReferer, promptTokens: 0, completionTokens: 0, totalTokens: 0, requests: 0 };
          app.promptTokens += record.tokensPrompt;
          app.completionTokens += record.tokensCompletion;
          app.totalTokens += record.tokensPrompt + record.tokensCompletion;
          app.requests += 1;
          app.name ??= record.appTitle;
          byApp.set(appKey, app);
        }
        return [...byApp.values()];
      },
    );
    return apps.sort((a, b) => b.totalTokens - a.totalTokens || a.appKey.localeCompare(b.appKey)).slice(0, limit);
  }

  async activity(query: ActivityQuery): Promise<ActivityRow[]> {
    const groupBy: UsageDimension[] = query.byKey ? ['day', 'model', 'endpoint', 'apiKeyHash'] : ['day', 'model', 'endpoint'];
    const rows = await this.usage({ sinceDay: query.sinceDay, untilDay: query.untilDay, groupBy, ...(query.apiKeyHash !== undefined ? { apiKeyHash: query.apiKeyHash } : {}) });
    return rows
      .map((row) => {
        const activity: ActivityRow = {
          date: row.day ?? '',
          model: row.model ?? '',
          endpointId: row.endpointId ?? '',
          providerName: row.providerName ?? '',
          requests: row.requests,
          promptTokens: row.promptTokens,
          completionTokens: row.completionTokens,
          reasoningTokens: row.reasoningTokens,
          cost: row.cost,
        };
        if (row.apiKeyHash !== undefined) activity.apiKeyHash = row.apiKeyHash;
        return activity;
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.model.localeCompare(b.model) || a.endpointId.localeCompare(b.endpointId) || (a.apiKeyHash ?? '').localeCompare(b.apiKeyHash ?? ''));
  }

  async recentGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]> {
    return this.writer.readWithPending(
      () => this.store.generations.listGenerations(options),
      (stored, pending) => {
        const unflushed = [...pending()].filter(
          (record) => (options.apiKeyHash === undefined || record.apiKeyHash === options.apiKeyHash) && (options.before === undefined || record.createdAt < options.before),
        );
        return [...unflushed, ...stored]
          .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
          .slice(0, options.limit);
      },
    );
  }

  /** Rollup rows with the unflushed records folded in, one snapshot. */
  private usage(query: UsageQuery): Promise<UsageRow[]> {
    return this.writer.readWithPending(
      () => this.store.usage.usageRollup(query),
      (stored, pending) => foldPending(stored, pending(), query),
    );
  }
}

function inRange(record: GenerationRecord, range: { sinceDay: string; untilDay?: string }): boolean {
  const day = utcDayString(record.createdAt);
  return day >= range.sinceDay && (range.untilDay === undefined || day <= range.untilDay);
}

/** Adds records (not yet in the rollup) to the rows of their group. */
function foldPending(rows: UsageRow[], records: Iterable<GenerationRecord>, query: UsageQuery): UsageRow[] {
  const groupKey = (row: UsageRow): string => [row.day, row.apiKeyHash, row.model, row.endpointId].join('\u0000');
  const byGroup = new Map(rows.map((row) => [groupKey(row), row]));
  for (const record of records) {
    if (!inRange(record, query)) continue;
    if (query.apiKeyHash !== undefined && record.apiKeyHash !== query.apiKeyHash) continue;
    if (query.model !== undefined && record.model !== query.model) continue;
    const row: UsageRow = { requests: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cost: 0n };
    if (query.groupBy.includes('day')) row.day = utcDayString(record.createdAt);
    if (query.groupBy.includes('apiKeyHash')) row.apiKeyHash = record.apiKeyHash;
    if (query.groupBy.includes('model')) row.model = record.model;
    if (query.groupBy.includes('endpoint')) {
      row.endpointId = record.endpointId ?? '';
      row.providerName = record.providerName ?? '';
    }
    const existing = byGroup.get(groupKey(row)) ?? row;
    existing.requests += 1;
    existing.promptTokens += record.tokensPrompt;
    existing.completionTokens += record.tokensCompletion;
    existing.reasoningTokens += record.nativeTokensReasoning;
    existing.cost += record.totalCost;
    byGroup.set(groupKey(existing), existing);
  }
  return [...byGroup.values()];
}
