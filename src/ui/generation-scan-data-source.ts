import type { EndpointStatistics, Percentiles } from '../api/catalog/encode-model-endpoints.js';
import type { Model } from '../catalog/catalog-types.js';
import type { GenerationWriter } from '../metering/generation-writer.js';
import type { GenerationRecord, Store } from '../store/store-types.js';
import type {
  ActivityReport, AppUsage, DailyTokens, ModelUsage, RankingPeriod, UiDataSource, UptimePoint, UsageRow,
} from './ui-data-source.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PERIOD_MS: Record<RankingPeriod, number> = { day: DAY, week: 7 * DAY, month: 30 * DAY };

export interface GenerationScanOptions {
  store: Store;
  writer: GenerationWriter;
  now: () => number;
  /** Records older than this are not read (default 31 days). */
  windowMs?: number;
  /** At most this many recent records are read (default 50,000). */
  maxRecords?: number;
  /** A full scan is reused (topped up with new records) for this long (default 60 s). */
  cacheMs?: number;
}

/**
 * The stop-gap UiDataSource: every figure is aggregated from the most recent generation
 * records (pending ones flushed first, so a request is visible the moment it ended). It is
 * simple and exact for a demo or a small team, and costs nothing per inference request; the
 * metering stats (rollups, sketches) replace it behind the same interface.
 */
export function createGenerationScanDataSource(options: GenerationScanOptions): UiDataSource {
  const { store, writer, now } = options;
  const windowMs = options.windowMs ?? 31 * DAY;
  const maxRecords = options.maxRecords ?? 50_000;
  const cacheMs = options.cacheMs ?? 60_000;
  let cached: { scannedAt: number; newestId: string | undefined; records: GenerationRecord[]; ids: Set<string> } | undefined;
  let checking: Promise<GenerationRecord[]> | undefined;

  /**
   * Recent records, newest first. A request shows on the pages the moment it ended: pending
   * records are flushed, and one single-row query tells whether anything is newer than the
   * cached scan; if so only the new records are read. A full rescan runs every `cacheMs`
   * (it also picks up long streams recorded after newer, shorter requests). Reads that arrive
   * together (a page asks for several figures at once) share one check.
   */
  const recent = (): Promise<GenerationRecord[]> => (checking ??= check().finally(() => (checking = undefined)));

  const check = async (): Promise<GenerationRecord[]> => {
    await flushQuietly(writer);
    const at = now();
    const newestId = (await store.generations.listGenerations({ limit: 1 }))[0]?.id;
    if (cached && at - cached.scannedAt < cacheMs) {
      if (cached.newestId !== newestId) {
        const known = cached.ids;
        const added = await scan(at - windowMs, (record) => known.has(record.id));
        for (const record of added) known.add(record.id);
        cached.records = [...added, ...cached.records];
        cached.newestId = newestId;
      }
      return cached.records;
    }
    const records = await scan(at - windowMs, () => false);
    cached = { scannedAt: at, newestId, records, ids: new Set(records.map((record) => record.id)) };
    return records;
  };

  /** Pages back from the newest record until `since`, or until a record `isKnown` (already read). */
  const scan = async (since: number, isKnown: (record: GenerationRecord) => boolean): Promise<GenerationRecord[]> => {
    const records: GenerationRecord[] = [];
    const seen = new Set<string>();
    let before: number | undefined;
    while (records.length < maxRecords) {
      const page = await store.generations.listGenerations({ limit: 1000, ...(before === undefined ? {} : { before }) });
      let added = 0;
      let reachedKnown = false;
      for (const record of page) {
        if (isKnown(record)) reachedKnown = true;
        if (record.createdAt < since || seen.has(record.id) || isKnown(record)) continue;
        seen.add(record.id);
        records.push(record);
        added += 1;
      }
      const last = page.at(-1);
      if (reachedKnown || page.length < 1000 || !last || last.createdAt < since || added === 0) break;
      // `before` is exclusive: step back to just after the last millisecond seen, so records
      // sharing it with the page's end are not skipped (the set drops the repeats).
      before = last.createdAt + 1;
    }
    return records;
  };

  const since = async (from: number): Promise<GenerationRecord[]> => (await recent()).filter((record) => record.createdAt >= from);

  return {
    async endpointStatistics(model: Model) {
      const at = now();
      const records = (await since(at - DAY)).filter((record) => record.model === model.id);
      const byEndpoint = new Map<string, EndpointStatistics>();
      for (const endpoint of model.endpoints) byEndpoint.set(endpoint.id, endpointStatistics(records, endpoint.id, at));
      return (endpoint) => byEndpoint.get(endpoint.id) ?? endpointStatistics([], endpoint.id, at);
    },

    async modelDailyTokens(modelId, days) {
      const at = now();
      const first = startOfUtcDay(at) - (days - 1) * DAY;
      const series: DailyTokens[] = [];
      for (let index = 0; index < days; index += 1) series.push({ day: utcDay(first + index * DAY), prompt: 0, completion: 0 });
      for (const record of await since(first)) {
        if (record.model !== modelId) continue;
        const entry = series[Math.floor((record.createdAt - first) / DAY)];
        if (!entry) continue;
        entry.prompt += record.tokensPrompt;
        entry.completion += record.tokensCompletion;
      }
      return series;
    },

    async topAppsForModel(modelId, from, limit) {
      return topApps((await since(from)).filter((record) => record.model === modelId), limit);
    },

    async weeklyTokensByModel() {
      return new Map(modelUsage(await since(now() - 7 * DAY)).map((entry) => [entry.modelId, entry.tokens]));
    },

    async rankings(period) {
      const records = await since(now() - PERIOD_MS[period]);
      return { models: modelUsage(records), apps: topApps(records, 20) };
    },

    async endpointUptimeSeries(endpointId, from, bucketMs) {
      const at = now();
      const first = Math.floor(from / bucketMs) * bucketMs;
      const buckets: { up: number; attempts: number }[] = [];
      for (let start = first; start <= at; start += bucketMs) buckets.push({ up: 0, attempts: 0 });
      for (const record of await since(first)) {
        const bucket = buckets[Math.floor((record.createdAt - first) / bucketMs)];
        if (!bucket) continue;
        for (const attempt of record.attempts) {
          const outcome = attemptOutcome(attempt.status);
          if (attempt.endpointId !== endpointId || outcome === 'ignored') continue;
          bucket.attempts += 1;
          if (outcome === 'up') bucket.up += 1;
        }
      }
      return buckets.map<UptimePoint>((bucket, index) => ({
        at: first + index * bucketMs,
        uptime: bucket.attempts === 0 ? null : bucket.up / bucket.attempts,
        attempts: bucket.attempts,
      }));
    },

    async activity(from) {
      const records = await since(from);
      const report: ActivityReport = {
        byDay: groupUsage(records, (record) => utcDay(record.createdAt)).sort((a, b) => b.group.localeCompare(a.group)),
        byModel: groupUsage(records, (record) => record.model).sort(byCostThenTokens),
        byKey: groupUsage(records, (record) => record.apiKeyHash).sort(byCostThenTokens),
        total: groupUsage(records, () => 'total')[0] ?? emptyUsage('total'),
      };
      for (const row of report.byKey) row.label = (await store.keys.getKey(row.group))?.name ?? `${row.group.slice(0, 12)}…`;
      return report;
    },

    async recentGenerations({ limit, before }) {
      await flushQuietly(writer);
      return store.generations.listGenerations({ limit, ...(before === undefined ? {} : { before }) });
    },

    generation: (id) => writer.get(id),

    async credits() {
      await flushQuietly(writer);
      const [totalCredits, totalUsage] = await Promise.all([store.credits.totalCredits(), store.usage.totalUsage()]);
      return { enabled: totalCredits > 0n, totalCredits, totalUsage };
    },
  };
}

/** Upstream outcomes that say something about a provider's health; client errors do not. */
function attemptOutcome(status: number | null): 'up' | 'down' | 'ignored' {
  if (status !== null && status >= 200 && status < 400) return 'up';
  if (status === null || status === 429 || status >= 500) return 'down';
  return 'ignored';
}

function endpointStatistics(records: GenerationRecord[], endpointId: string, at: number): EndpointStatistics {
  const served = records.filter((record) => record.endpointId === endpointId && record.createdAt >= at - 30 * MINUTE);
  const latencies = served.flatMap((record) => (record.latencyMs === null ? [] : [record.latencyMs]));
  const throughputs = served.flatMap((record) =>
    record.generationTimeMs && record.generationTimeMs > 0 && record.tokensCompletion > 0 ? [(record.tokensCompletion * 1000) / record.generationTimeMs] : [],
  );
  const uptimeSince = (from: number): number | null => {
    let up = 0;
    let attempts = 0;
    for (const record of records) {
      if (record.createdAt < from) continue;
      for (const attempt of record.attempts) {
        const outcome = attemptOutcome(attempt.status);
        if (attempt.endpointId !== endpointId || outcome === 'ignored') continue;
        attempts += 1;
        if (outcome === 'up') up += 1;
      }
    }
    // OpenRouter reports uptime as a percentage.
    return attempts === 0 ? null : Math.round((up / attempts) * 10_000) / 100;
  };
  return {
    latencyLast30m: percentiles(latencies),
    throughputLast30m: percentiles(throughputs),
    uptimeLast5m: uptimeSince(at - 5 * MINUTE),
    uptimeLast30m: uptimeSince(at - 30 * MINUTE),
    uptimeLast1d: uptimeSince(at - DAY),
  };
}

/** Nearest-rank percentiles, rounded to whole units; null without samples. */
export function percentiles(samples: number[]): Percentiles | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!);
  return { p50: rank(0.5), p75: rank(0.75), p90: rank(0.9), p99: rank(0.99) };
}

function modelUsage(records: GenerationRecord[]): ModelUsage[] {
  const byModel = new Map<string, ModelUsage>();
  for (const record of records) {
    const entry = byModel.get(record.model) ?? { modelId: record.model, tokens: 0, requests: 0 };
    entry.tokens += record.tokensPrompt + record.tokensCompletion;
    entry.requests += 1;
    byModel.set(record.model, entry);
  }
  return [...byModel.values()].sort((a, b) => b.tokens - a.tokens || a.modelId.localeCompare(b.modelId));
}

function topApps(records: GenerationRecord[], limit: number): AppUsage[] {
  const byApp = new Map<string, AppUsage>();
  for (const record of records) {
    const url = httpUrl(record.httpReferer);
    const name = record.appTitle ?? (url ? new URL(url).host : null);
    if (!name) continue;
    const entry = byApp.get(name) ?? { name, url, tokens: 0, requests: 0 };
    entry.url ??= url;
    entry.tokens += record.tokensPrompt + record.tokensCompletion;
    entry.requests += 1;
    byApp.set(name, entry);
  }
  return [...byApp.values()].sort((a, b) => b.tokens - a.tokens || a.name.localeCompare(b.name)).slice(0, limit);
}

function httpUrl(text: string | null): string | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function groupUsage(records: GenerationRecord[], groupOf: (record: GenerationRecord) => string): UsageRow[] {
  const groups = new Map<string, UsageRow>();
  for (const record of records) {
    const group = groupOf(record);
    let row = groups.get(group);
    if (!row) {
      row = emptyUsage(group);
      groups.set(group, row);
    }
    row.requests += 1;
    row.tokensPrompt += record.tokensPrompt;
    row.tokensCompletion += record.tokensCompletion;
    row.cost += record.totalCost;
  }
  return [...groups.values()];
}

function emptyUsage(group: string): UsageRow {
  return { group, label: group, requests: 0, tokensPrompt: 0, tokensCompletion: 0, cost: 0n };
}

function byCostThenTokens(a: UsageRow, b: UsageRow): number {
  if (a.cost !== b.cost) return a.cost > b.cost ? -1 : 1;
  return b.tokensPrompt + b.tokensCompletion - (a.tokensPrompt + a.tokensCompletion);
}

function startOfUtcDay(unixMs: number): number {
  return Math.floor(unixMs / DAY) * DAY;
}

export function utcDay(unixMs: number): string {
  return new Date(unixMs).toISOString().slice(0, 10);
}

/** A failing store keeps its records pending (and retried); the page shows what is stored. */
async function flushQuietly(writer: GenerationWriter): Promise<void> {
  await writer.flush().catch(() => undefined);
}
