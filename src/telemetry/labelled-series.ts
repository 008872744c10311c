import type { Registry } from 'prom-client';

/**
 * Counters and histograms for the per-request hot path, exposed through prom-client's
 * registry. prom-client hashes (and sorts) a label object on every `inc`/`observe`, even
 * through a `labels(...)` child: ~2 µs per request for the request counter and histogram.
 * Here a series is looked up once per label tuple and then bumped in place; prom-client
 * still renders the exposition text and aggregates cluster workers (`get()` returns its
 * metric shape, `aggregator: 'sum'`).
 */

interface MetricValue {
  labels: Record<string, string | number>;
  /** Labels prom-client prints after `labels` (a histogram bucket's `le` comes first). */
  sharedLabels?: Record<string, string>;
  value: number;
  metricName?: string;
}

interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

abstract class LabelledSeries<Series> {
  readonly aggregator = 'sum';
  private readonly series = new Map<string, { labels: Record<string, string>; series: Series }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series for these label values (in `labelNames` order), created on first use. */
  protected seriesFor(values: readonly string[]): Series {
    const key = values.length === 1 ? (values[0] as string) : values.join('\u0000');
    let entry = this.series.get(key);
    if (entry === undefined) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, index) => (labels[name] = values[index] ?? ''));
      entry = { labels, series: this.newSeries() };
      this.series.set(key, entry);
    }
    return entry.series;
  }

  /** Forgets every series (prom-client's `registry.resetMetrics()` calls this). */
  reset(): void {
    this.series.clear();
  }

  protected abstract newSeries(): Series;
  protected abstract values(labels: Record<string, string>, series: Series): MetricValue[];
  abstract readonly type: 'counter' | 'histogram';

  /** What the registry renders as text (the series' labels as prom-client's shared labels). */
  getForPromString(): Promise<MetricData> {
    const values: MetricValue[] = [];
    for (const { labels, series } of this.series.values()) values.push(...this.values(labels, series));
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  /** The JSON form cluster workers send for aggregation (labels merged, as prom-client's get()). */
  async get(): Promise<MetricData> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...sharedLabels, ...labels } }));
    return data;
  }
}

/** A counter series: `inc()` adds to a number, nothing else. */
export interface CounterSeries {
  inc(amount?: number): void;
}

export class FastCounter extends LabelledSeries<{ value: number; inc(amount?: number): void }> {
  readonly type = 'counter';

  labels(...values: string[]): CounterSeries {
    return this.seriesFor(values);
  }

  protected newSeries(): { value: number; inc(amount?: number): void } {
    return {
      value: 0,
      inc(amount = 1) {
        this.value += amount;
      },
    };
  }

  protected values(labels: Record<string, string>, series: { value: number }): MetricValue[] {
    return [{ labels, value: series.value }];
  }
}

/** A histogram series: `observe()` finds the bucket and bumps three numbers. */
export interface HistogramSeries {
  observe(value: number): void;
}

class BucketCounts implements HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count += 1;
    const { bounds } = this;
    for (let index = 0; index < bounds.length; index++) {
      if (value <= (bounds[index] as number)) {
        this.counts[index] = (this.counts[index] as number) + 1;
        return;
      }
    }
  }
}

export class FastHistogram extends LabelledSeries<BucketCounts> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], private readonly buckets: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  labels(...values: string[]): HistogramSeries {
    return this.seriesFor(values);
  }

  protected newSeries(): BucketCounts {
    return new BucketCounts(this.buckets);
  }

  protected values(labels: Record<string, string>, series: BucketCounts): MetricValue[] {
    const values: MetricValue[] = [];
    let cumulative = 0;
    this.buckets.forEach((bound, index) => {
      cumulative += series.counts[index] as number;
      values.push({ labels: { le: bound }, sharedLabels: labels, value: cumulative, metricName: `${this.name}_bucket` });
    });
    values.push(
      { labels: { le: '+Inf' }, sharedLabels: labels, value: series.count, metricName: `${this.name}_bucket` },
      { labels: {}, sharedLabels: labels, value: series.sum, metricName: `${this.name}_sum` },
      { labels: {}, sharedLabels: labels, value: series.count, metricName: `${this.name}_count` },
    );
    return values;
  }
}
