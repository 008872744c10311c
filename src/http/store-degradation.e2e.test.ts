import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type OpenAI from 'openai';
import { hashApiKey } from '../metering/api-key-material.js';
import { picodollarsToUsd } from '../spec/money.js';
import { dropSchema, requirePostgresUrl, skipWithoutPostgres, temporarySchemaName } from '../store/test-support/postgres-test-database.js';
import { startTcpProxy, type TcpProxy } from '../store/test-support/tcp-proxy.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

const skip = skipWithoutPostgres('store degradation (PostgreSQL down and back)');

interface Health {
  status: string;
  store: { ok: boolean; pending_records: number; max_pending_records: number; last_error?: string };
}

describe.skipIf(skip)('PostgreSQL down mid-traffic, then back', () => {
  const schema = temporarySchemaName();
  let proxy: TcpProxy;
  let harness: TestGateway;
  const health = async (): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`${harness.url}/health`);
    return { status: response.status, body: (await response.json()) as Health };
  };
  const chat = () =>
    harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Say something short.' }], max_tokens: 20 });

  beforeAll(async () => {
    const target = new URL(requirePostgresUrl());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const throughProxy = new URL(target);
    throughProxy.hostname = '127.0.0.1';
    throughProxy.port = String(proxy.port);
    harness = await startTestGateway({
      store: { url: throughProxy.toString(), schema, pool_size: 2, max_pending_records: 4 },
      providers: [{ slug: 'acme', name: 'Acme AI' }],
      models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414' }])],
    });
  });
  afterAll(async () => {
    proxy?.up();
    await harness?.close();
    await proxy?.close();
    await dropSchema(schema);
  });

  it('keeps serving into a bounded buffer, refuses new requests when it is full, and flushes everything once the database is back', async () => {
    const limited = await harness.gateway.context.keys.create({ name: 'limited', limit: 1_000_000_000_000n, limitReset: 'daily', expiresAt: null, isManagement: false });
    const first = await chat();
    await harness.gateway.context.generations.flush();
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', store: { ok: true, pending_records: 0, max_pending_records: 4 } } });

    proxy.down();
    const served: OpenAI.ChatCompletion[] = [first];
    for (let index = 0; index < 3; index += 1) served.push(await chat());
    // The writer tried to write them and failed (kept pending, retried with backoff).
    await vi.waitFor(() => {
      expect(harness.logs.some((line) => line.message === 'writing generation records failed; kept pending for retry')).toBe(true);
    }, { timeout: 30_000, interval: 50 });
    await vi.waitFor(async () => {
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.store).toMatchObject({ ok: false, pending_records: 3, max_pending_records: 4 });
      expect(body.store.last_error).toBeTypeOf('string');
    }, { timeout: 30_000, interval: 100 });
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_store_pending_records 3$/m);
    // A key this process never read cannot be checked (nor its spend): it fails closed.
    const unknownKey = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${limited.plaintext}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Hello?' }] }),
    });
    expect(unknownKey.status).toBe(503);
    expect(await unknownKey.json()).toMatchObject({ error: { code: 503, message: expect.stringMatching(/key store is unavailable/) } });
    // Reads the store must answer get a clear 503, not an internal error.
    const keyRead = await fetch(`${harness.baseURL}/key`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(keyRead.status).toBe(503);
    expect(await keyRead.json()).toMatchObject({ error: { code: 503, message: expect.stringMatching(/store is unavailable/) } });
    // A pending record is readable from memory meanwhile.
    const pendingRecord = await fetch(`${harness.baseURL}/generation?id=${served[1]!.id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(pendingRecord.status).toBe(200);

    served.push(await chat());
    const refused = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'One more?' }] }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({ error: { code: 503, message: expect.stringMatching(/cannot record usage/) } });
    expect(harness.simulators.acme!.requests).toHaveLength(5);
    const full = await health();
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({ status: 'unavailable', store: { ok: false, pending_records: 4 } });

    proxy.up();
    await vi.waitFor(async () => {
      expect(await health()).toEqual({ status: 200, body: { status: 'ok', store: { ok: true, pending_records: 0, max_pending_records: 4 } } });
    }, { timeout: 30_000, interval: 200 });

    // Nothing lost, nothing counted twice.
    const { store } = harness.gateway.context;
    const spent = served.reduce((sum, completion) => sum + (completion.usage as OpenAI.CompletionUsage & { cost: number }).cost, 0);
    for (const completion of served) expect(await store.generations.getGeneration(completion.id)).toBeDefined();
    const usage = await store.usage.keyUsage(hashApiKey(harness.apiKey), { day: '1970-01-01', week: '1970-01-01', month: '1970-01-01' });
    expect(picodollarsToUsd(usage.total)).toBeCloseTo(spent, 12);
    expect((await store.usage.usageRollup({ sinceDay: '1970-01-01', groupBy: [] }))[0]?.requests).toBe(5);
    expect((await chat()).choices[0]!.message.content).toBeTruthy();
    expect(harness.logs.some((line) => line.message === 'writing generation records works again; flushing what is pending')).toBe(true);
  }, 90_000);

  it('keeps answering while the database stalls, reports it, and writes the held records when it answers again', async () => {
    await harness.gateway.context.generations.flush();
    const before = (await harness.gateway.context.store.usage.usageRollup({ sinceDay: '1970-01-01', groupBy: [] }))[0]!.requests;
    proxy.stall();
    // Served without waiting for the store (the key is cached, records wait in memory).
    const served = [await chat(), await chat()];
    await vi.waitFor(async () => {
      const { status, body } = await health();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'degraded', store: { ok: false, pending_records: 2, last_error: expect.stringMatching(/did not answer within/) } });
    }, { timeout: 30_000, interval: 100 });
    proxy.up();
    await vi.waitFor(async () => {
      expect((await health()).body).toMatchObject({ status: 'ok', store: { ok: true, pending_records: 0 } });
    }, { timeout: 30_000, interval: 200 });
    const { store } = harness.gateway.context;
    for (const completion of served) expect((await store.generations.getGeneration(completion.id))?.id).toBe(completion.id);
    expect((await store.usage.usageRollup({ sinceDay: '1970-01-01', groupBy: [] }))[0]!.requests).toBe(before + 2);
  }, 90_000);
});
