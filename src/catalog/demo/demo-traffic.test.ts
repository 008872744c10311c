import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testModel, type TestGateway } from '../../http/test-support/start-test-gateway.js';
import { startDemoTraffic } from './demo-traffic.js';

let harness: TestGateway;

beforeAll(async () => {
  const speed = { firstTokenLatencyMs: 5, tokensPerSecond: 5000 };
  harness = await startTestGateway({
    providers: [{ slug: 'acme', simulator: speed }, { slug: 'budget', simulator: speed }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme' }, { provider: 'budget' }]), testModel('qwen/qwen3-32b', [{ provider: 'budget' }])],
  });
});
afterAll(async () => {
  await harness?.close();
});

/** A seeded generator, so the run is the same every time. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('demo traffic', () => {
  it('sends varied requests from named apps to every model and provider, with an outage, and stops cleanly', async () => {
    const simulators = new Map(Object.entries(harness.simulators));
    const lines: string[] = [];
    const traffic = startDemoTraffic({
      gatewayUrl: harness.url, apiKey: harness.apiKey, catalog: harness.gateway.context.catalog, simulators, config: { demo: undefined },
      requestsPerSecond: 40, outageEveryS: 0.4, outageForS: 0.3, random: seeded(7), log: (line) => lines.push(line),
    });
    const records = async () => {
      await harness.gateway.context.generations.flush();
      return harness.gateway.context.store.generations.listGenerations({ limit: 1000 });
    };
    await expect.poll(async () => {
      const seen = await records();
      return new Set(seen.map((record) => `${record.model}|${record.providerSlug}|${record.streamed}`)).size;
    }, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(5);
    await expect.poll(() => lines.some((line) => line.includes('simulated outage')), { timeout: 30_000 }).toBe(true);
    await traffic.stop();

    const seen = await records();
    const apps = new Set(seen.map((record) => record.appTitle ?? record.httpReferer));
    expect(apps.size).toBeGreaterThanOrEqual(3);
    expect(seen.some((record) => record.streamed)).toBe(true);
    expect(seen.some((record) => !record.streamed)).toBe(true);
    expect(traffic.counts.sent).toBe(traffic.counts.succeeded + traffic.counts.failed);
    const sentAtStop = traffic.counts.sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(traffic.counts.sent).toBe(sentAtStop);
  }, 60_000);
});
