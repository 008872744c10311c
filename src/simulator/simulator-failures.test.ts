import { describe, expect, it } from 'vitest';
import { startSimulator } from './start-simulator.js';
import { postJson, readEventData, waitFor } from './test-support/simulator-test-client.js';

const chatBody = (stream = false): object => ({
  model: 'any',
  stream,
  messages: [{ role: 'user', content: 'Explain the history of aviation' }],
});

describe('simulated failures', () => {
  it('answers every request with an OpenAI error when the error rate is 1', async () => {
    const simulator = await startSimulator({ errorRate: 1, retryAfterSeconds: 7, seed: 42 });
    try {
      const statuses = new Set<number>();
      for (let attempt = 0; attempt < 30; attempt++) {
        const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(attempt % 2 === 0));
        statuses.add(response.status);
        const body = (await response.json()) as { error: { message: string; type: string } };
        expect(body.error.message.length).toBeGreaterThan(0);
        if (response.status === 429) {
          expect(response.headers.get('retry-after')).toBe('7');
          expect(body.error.type).toBe('requests');
        }
      }
      expect([...statuses].sort()).toEqual([429, 500, 503]);
      expect(simulator.stats.injectedErrors).toBe(30);
      expect(simulator.stats.completed).toBe(0);
    } finally {
      await simulator.close();
    }
  });

  it('forces a status with x-sim-error and can be reconfigured while running', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 0, tokensPerSecond: Infinity });
    try {
      const forced = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(), { 'x-sim-error': '502' });
      expect(forced.status).toBe(502);
      simulator.update({ errorRate: 1, errorStatuses: [503] });
      expect((await postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).status).toBe(503);
      const spared = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(), { 'x-sim-error': 'none' });
      expect(spared.status).toBe(200);
      simulator.update({ errorRate: 0 });
      expect((await postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).status).toBe(200);
    } finally {
      await simulator.close();
    }
  });

  it('fails every request with 503 inside an outage window and recovers after it', async () => {
    let clock = 0;
    const simulator = await startSimulator({
      firstTokenLatencyMs: 0,
      tokensPerSecond: Infinity,
      outage: { everyS: 120, forS: 20 },
      now: () => clock,
    });
    try {
      expect((await postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).status).toBe(200);
      clock = 105_000;
      const down = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true));
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ error: { type: 'server_error' } });
      clock = 121_000;
      expect((await postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).status).toBe(200);
      expect(simulator.stats.outageRejections).toBe(1);
    } finally {
      await simulator.close();
    }
  });

  it('drops connections during an outage in reset mode', async () => {
    let clock = 0;
    const simulator = await startSimulator({
      tokensPerSecond: Infinity,
      outage: { everyS: 10, forS: 5, mode: 'reset' },
      now: () => clock,
    });
    try {
      clock = 7_000;
      await expect(postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).rejects.toThrow();
      expect(simulator.stats.outageRejections).toBeGreaterThanOrEqual(1);
      clock = 10_500;
      expect((await postJson(`${simulator.baseUrl}/chat/completions`, chatBody())).status).toBe(200);
    } finally {
      await simulator.close();
    }
  });

  it('breaks a stream half way by resetting the connection', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 0, tokensPerSecond: 5000, failMidStreamRate: 1 });
    try {
      const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true));
      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
      expect(simulator.stats.midStreamFailures).toBe(1);
      expect(simulator.stats.aborted).toBe(0);
      expect(simulator.stats.activeStreams).toBe(0);
    } finally {
      await simulator.close();
    }
  });

  it('breaks a stream half way with an error event when asked', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 0, tokensPerSecond: 5000 });
    try {
      const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true), {
        'x-sim-fail-mid-stream': 'error-event',
      });
      const payloads = await readEventData(response);
      expect(payloads).not.toContain('[DONE]');
      expect(JSON.parse(payloads.at(-1) ?? '{}')).toMatchObject({ error: { type: 'server_error' } });
      expect(payloads.length).toBeGreaterThan(2);
    } finally {
      await simulator.close();
    }
  });

  it('counts a stream the client abandons as aborted and stops writing it', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 0, tokensPerSecond: 20 });
    try {
      const controller = new AbortController();
      const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true), {}, controller.signal);
      const reader = response.body?.getReader();
      const first = await reader?.read();
      expect(first?.done).toBe(false);
      expect(simulator.stats.activeStreams).toBe(1);
      controller.abort();
      await waitFor(() => simulator.stats.aborted === 1);
      expect(simulator.stats.activeStreams).toBe(0);
      expect(simulator.stats.completed).toBe(0);
    } finally {
      await simulator.close();
    }
  });

  it('paces a stream at the configured latency and speed', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 150, latencyJitter: 0, tokensPerSecond: 200 });
    try {
      const started = performance.now();
      const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true));
      const reader = response.body?.getReader();
      await reader?.read();
      const firstChunkMs = performance.now() - started;
      while (!(await reader?.read())?.done) {
        // drain
      }
      const totalMs = performance.now() - started;
      expect(firstChunkMs).toBeGreaterThanOrEqual(140);
      // About 40-70 tokens at 200 tokens/s: well over 100 ms of generation after the first token.
      expect(totalMs - firstChunkMs).toBeGreaterThan(100);
    } finally {
      await simulator.close();
    }
  });

  it('closes with a stream still running', async () => {
    const simulator = await startSimulator({ firstTokenLatencyMs: 0, tokensPerSecond: 5 });
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, chatBody(true));
    const reading = response.text().catch(() => 'broken');
    await waitFor(() => simulator.stats.activeStreams === 1);
    await simulator.close();
    expect(await reading).toBe('broken');
  });
});
