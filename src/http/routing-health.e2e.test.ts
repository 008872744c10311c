import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandomSource } from '../simulator/random-source.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * Health-aware routing end to end: the cheapest provider goes down, traffic moves off it while
 * every request still succeeds, and trial traffic brings it back once it recovers. The
 * routing clock is injected, so 30-second windows pass without waiting.
 */
let harness: TestGateway;
let clock = 1_800_000_000_000;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [{ slug: 'cheap', name: 'Cheap Cloud' }, { slug: 'mid', name: 'Mid Compute' }, { slug: 'premium', name: 'Premium AI' }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'cheap', prompt: 0.1, completion: 0.3 }, { provider: 'mid', prompt: 0.2, completion: 0.6 }, { provider: 'premium', prompt: 1, completion: 3 }])],
    routing: { now: () => clock, random: createRandomSource(7) },
  });
});
afterAll(() => harness.close());

/** Sends `count` requests, `concurrency` at a time, advancing the routing clock `stepMs` per request. */
async function drive(count: number, stepMs: number, concurrency = 8): Promise<{ ok: number; failed: number; providers: Record<string, number> }> {
  const providers: Record<string, number> = {};
  let ok = 0;
  let failed = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      clock += stepMs;
      try {
        const completion = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 });
        const provider = (completion as unknown as { provider: string }).provider;
        providers[provider] = (providers[provider] ?? 0) + 1;
        ok += 1;
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ok, failed, providers };
}

const calls = (slug: string): number => harness.simulators[slug]!.stats.requests;

describe('endpoint health drives load balancing', () => {
  it('moves traffic off the cheapest provider when it goes down, keeps 100% success over 1,000 requests, and brings it back after a successful trial', async () => {
    const healthy = await drive(100, 10);
    expect(healthy.failed).toBe(0);
    // 1/price²: Cheap Cloud ($0.4/M) takes most of the traffic while healthy.
    expect(healthy.providers['Cheap Cloud']).toBeGreaterThan(60);

    harness.simulators.cheap!.update({ errorRate: 1, errorStatuses: [503] });
    const before = calls('cheap');
    const firstHalf = await drive(500, 20);
    const cheapDuringFirstHalf = calls('cheap') - before;
    const secondHalf = await drive(500, 20);
    const cheapDuringSecondHalf = calls('cheap') - before - cheapDuringFirstHalf;
    expect(firstHalf.ok + secondHalf.ok).toBe(1000);
    expect(firstHalf.failed + secondHalf.failed).toBe(0);
    expect(firstHalf.providers['Cheap Cloud'] ?? 0).toBe(0);
    // A few failures open the outage (requests in flight included); after that only a trial
    // every 5 s of routing time reaches it: 500 requests × 20 ms = 10 s → about 2 trials.
    expect(cheapDuringFirstHalf).toBeLessThan(20);
    expect(cheapDuringSecondHalf).toBeLessThanOrEqual(3);
    expect(secondHalf.providers['Mid Compute']).toBeGreaterThan(400);

    harness.simulators.cheap!.update({ errorRate: 0 });
    clock += 5_000;
    const recovered = await drive(100, 10, 1);
    expect(recovered.failed).toBe(0);
    expect(recovered.providers['Cheap Cloud']).toBeGreaterThan(60);
  }, 180_000);
});

describe('per-provider timeouts', () => {
  it('enforces the connect timeout: an upstream that never completes the TCP handshake is left after connect_ms, not after first_token_ms', async () => {
    // 100::/64 is the IPv6 discard prefix: packets go nowhere, so the connect can only time out
    // (or fail at once where the host has no IPv6 route). first_token_ms is far beyond the test's
    // timeout, so only the connect timeout can end the first attempt in time.
    const gateway = await startTestGateway({
      providers: [
        { slug: 'blackhole', name: 'Black Hole', baseUrl: 'http://[100::1]:81/v1', config: { timeouts: { connect_ms: 300, first_token_ms: 120_000, total_ms: 300_000 } } },
        { slug: 'backup', name: 'Backup Cloud' },
      ],
      models: [testModel('thudm/glm-4-32b', [{ provider: 'blackhole', prompt: 0.1, completion: 0.1 }, { provider: 'backup', prompt: 1, completion: 1 }])],
    });
    try {
      const completion = await gateway.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] });
      expect((completion as unknown as { provider: string }).provider).toBe('Backup Cloud');
      const record = (await (await fetch(`${gateway.baseURL}/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } })).json()) as { data: { provider_responses: { provider_name: string; error_kind?: string; error_message?: string }[] } };
      expect(record.data.provider_responses[0]).toMatchObject({ provider_name: 'Black Hole', error_kind: 'upstream_connection' });
      expect(record.data.provider_responses[0]?.error_message).toMatch(/connect timeout|unreachable|refused/);
    } finally {
      await gateway.close();
    }
  }, 60_000);

  it('leaves an upstream that takes the request and never answers after first_token_ms, and closes its socket', async () => {
    // Only the router's timers can end this attempt: undici's own header and body timers are
    // off (http-client.ts), and total_ms is far beyond the test's timeout.
    const sockets: Socket[] = [];
    const requests: string[] = [];
    const silent = createServer((socket) => {
      sockets.push(socket);
      socket.on('data', (chunk: Buffer) => requests.push(chunk.toString('utf8')));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const gateway = await startTestGateway({
      providers: [
        { slug: 'silent', name: 'Silent Cloud', baseUrl: `http://127.0.0.1:${port}/v1`, config: { timeouts: { first_token_ms: 300, total_ms: 300_000 } } },
        { slug: 'backup', name: 'Backup Cloud' },
      ],
      models: [testModel('thudm/glm-4-32b', [{ provider: 'silent', prompt: 0.1, completion: 0.1 }, { provider: 'backup', prompt: 1, completion: 1 }])],
    });
    try {
      const started = Date.now();
      const completion = await gateway.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] });
      expect((completion as unknown as { provider: string }).provider).toBe('Backup Cloud');
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(requests.join('')).toMatch(/^POST \/v1\/chat\/completions HTTP\/1\.1/);
      const record = (await (await fetch(`${gateway.baseURL}/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${gateway.apiKey}` } })).json()) as { data: { provider_responses: { provider_name: string; error_kind?: string }[] } };
      expect(record.data.provider_responses[0]).toMatchObject({ provider_name: 'Silent Cloud', error_kind: 'upstream_timeout' });
      // The abort ends the call's socket too: nothing is left waiting on the silent upstream.
      await expect.poll(() => sockets.length > 0 && sockets.every((socket) => socket.destroyed || socket.readableEnded), { timeout: 5_000 }).toBe(true);
    } finally {
      await gateway.close();
      silent.close();
      for (const socket of sockets) socket.destroy();
    }
  }, 60_000);
});
