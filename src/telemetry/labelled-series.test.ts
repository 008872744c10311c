import { AggregatorRegistry, Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastCounter, FastHistogram } from './labelled-series.js';

const BUCKETS = [0.005, 0.01, 0.1, 1];
const OBSERVATIONS: Array<[string, number]> = [['/api/v1/chat/completions', 0.0042], ['/api/v1/chat/completions', 0.05], ['/api/v1/models', 0.0009], ['/api/v1/chat/completions', 3], ['/api/v1/chat/completions', 0.01]];

/** The same observations through prom-client's own classes and through ours render the same text. */
async function renderBoth(): Promise<[string, string]> {
  const reference = new Registry();
  const referenceHistogram = new Histogram({ name: 'x_seconds', help: 'h', labelNames: ['route'], buckets: BUCKETS, registers: [reference] });
  const referenceCounter = new Counter({ name: 'x_total', help: 'c', labelNames: ['route', 'status'], registers: [reference] });
  const ours = new Registry();
  const histogram = new FastHistogram('x_seconds', 'h', ['route'], BUCKETS, ours);
  const counter = new FastCounter('x_total', 'c', ['route', 'status'], ours);
  for (const [route, seconds] of OBSERVATIONS) {
    referenceHistogram.labels(route).observe(seconds);
    referenceCounter.labels(route, '200').inc();
    histogram.labels(route).observe(seconds);
    counter.labels(route, '200').inc();
  }
  referenceCounter.labels('/api/v1/models', '404').inc(2);
  counter.labels('/api/v1/models', '404').inc(2);
  return [await ours.metrics(), await reference.metrics()];
}

describe('labelled series', () => {
  it('render exactly what prom-client renders for the same observations', async () => {
    const [ours, reference] = await renderBoth();
    expect(ours).toContain('x_seconds_bucket{le="0.01",route="/api/v1/chat/completions"} 2');
    expect(ours).toContain('x_total{route="/api/v1/models",status="404"} 2');
    expect(ours).toBe(reference);
  });

  it('are emptied by the registry\'s resetMetrics, as prom-client metrics are', async () => {
    const registry = new Registry();
    new FastCounter('x_total', 'c', ['route'], registry).labels('/a').inc(3);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('x_total{');
  });

  it('sum across cluster workers like prom-client metrics do', async () => {
    const worker = new Registry();
    new FastHistogram('x_seconds', 'h', ['route'], BUCKETS, worker).labels('/a').observe(0.02);
    const json = await worker.getMetricsAsJSON();
    const aggregated = AggregatorRegistry.aggregate([json, json]);
    const text = await aggregated.metrics();
    expect(text).toContain('x_seconds_bucket{route="/a",le="0.1"} 2');
    expect(text).toContain('x_seconds_count{route="/a"} 2');
  });
});
