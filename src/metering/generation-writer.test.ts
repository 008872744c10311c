import { describe, expect, it } from 'vitest';
import type { KeyUsage } from '../store/store-types.js';
import { GenerationWriter } from './generation-writer.js';
import { FakeGenerationStore } from './test-support/fake-generation-store.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';
import { ManualTimers, RecordingLogger, settle } from './test-support/manual-timers.js';
import { usagePeriodStarts } from './usage-periods.js';

/** 1234 + 567 tokens at $0.24 per million: 1801 * 240,000 picodollars. */
const GLM_COST = 432_240_000n;
const ALICE = 'a'.repeat(64);
const BOB = 'b'.repeat(64);

function setup(options: { maxBatchSize?: number; closeAttempts?: number; maxPendingRecords?: number } = {}) {
  const store = new FakeGenerationStore();
  const timers = new ManualTimers();
  const logger = new RecordingLogger();
  const writer = new GenerationWriter({ store, logger, timers, flushIntervalMs: 50, retryDelayMs: 250, ...options });
  return { store, timers, logger, writer };
}

describe('GenerationWriter', () => {
  it('reports a failing store and a full buffer, keeps every record, and retries at once when asked', async () => {
    const { store, timers, writer } = setup({ maxPendingRecords: 3 });
    expect(writer.health()).toMatchObject({ storeOk: true, pendingRecords: 0, maxPendingRecords: 3, lastError: null });
    store.failNextInserts(2);
    for (let index = 0; index < 2; index += 1) writer.record(makeGenerationRecord());
    await timers.advance(50);
    expect(writer.health()).toMatchObject({ storeOk: false, pendingRecords: 2, lastError: expect.any(String) });
    expect(writer.isFull).toBe(false);
    // A running request's record is still accepted past the bound; only admission stops.
    for (let index = 0; index < 2; index += 1) writer.record(makeGenerationRecord());
    expect(writer.isFull).toBe(true);
    writer.retryNow();
    await settle();
    expect(writer.health().storeOk).toBe(false);
    writer.retryNow();
    await settle();
    expect(writer.health()).toMatchObject({ storeOk: true, pendingRecords: 0, lastError: null, failingSince: null });
    expect(store.records.size).toBe(4);
    expect(writer.isFull).toBe(false);
  });

  it('finds a record the moment it is recorded, before and after it reaches the store', async () => {
    const { store, timers, writer } = setup();
    const record = makeGenerationRecord();
    writer.record(record);
    expect(await writer.get(record.id)).toBe(record);
    expect(store.insertCalls).toHaveLength(0);

    await timers.advance(50);
    expect(store.records.get(record.id)).toBe(record);
    expect(writer.pendingCount).toBe(0);
    expect(await writer.get(record.id)).toBe(record);
    expect(await writer.get('gen-0-unknown')).toBeUndefined();
  });

  it('writes everything recorded within one interval in a single store call', async () => {
    const { store, timers, writer } = setup();
    for (let index = 0; index < 100; index += 1) writer.record(makeGenerationRecord());
    await timers.advance(49);
    expect(store.insertCalls).toHaveLength(0);
    await timers.advance(1);
    expect(store.insertCalls.map((batch) => batch.length)).toEqual([100]);
    expect(store.records.size).toBe(100);
  });

  it('flushes at once when the queue reaches the batch size, in few batches', async () => {
    const { store, writer } = setup({ maxBatchSize: 256 });
    for (let index = 0; index < 600; index += 1) writer.record(makeGenerationRecord());
    await settle();
    // 256 leave as soon as they are queued; the rest are written as the first batch commits.
    expect(store.insertCalls.map((batch) => batch.length)).toEqual([256, 256, 88]);
    expect(store.records.size).toBe(600);
    expect(writer.pendingCount).toBe(0);
  });

  it('keeps a failed batch pending, retries it with backoff, and stores each record exactly once', async () => {
    const { store, timers, logger, writer } = setup();
    const records = Array.from({ length: 10 }, () => makeGenerationRecord());
    for (const record of records) writer.record(record);
    store.failNextInserts(2);

    await timers.advance(50);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]?.details).toMatchObject({ batchSize: 10, pendingRecords: 10, retryInMs: 250 });
    expect(writer.pendingCount).toBe(10);
    expect(writer.pendingUsage(ALICE)).toBe(10n * GLM_COST);
    expect(await writer.get(records[3]?.id ?? '')).toBe(records[3]);
    expect(timers.pendingDelays()).toEqual([250]);

    await timers.advance(250); // second failure: the batch is halved, the delay doubles
    expect(logger.errors[1]?.details).toMatchObject({ batchSize: 5, retryInMs: 500 });
    expect(writer.pendingCount).toBe(10);

    await timers.advance(500);
    expect(store.records.size).toBe(10);
    expect(writer.pendingCount).toBe(0);
    expect(writer.pendingUsage(ALICE)).toBe(0n);
    expect(store.storedUsage(ALICE)).toBe(10n * GLM_COST);
    expect(store.insertCalls.slice(2).flat().map((record) => record.id)).toEqual(records.map((record) => record.id));
  });

  it('keeps a record the store always rejects pending without holding the others back', async () => {
    const { store, timers, writer } = setup();
    const rejected = makeGenerationRecord({ apiKeyHash: BOB });
    store.rejectRecord(rejected.id);
    writer.record(rejected);
    const good = Array.from({ length: 6 }, () => makeGenerationRecord());
    for (const record of good) writer.record(record);

    await timers.advance(30_000);
    expect(store.records.size).toBe(6);
    expect(writer.pendingCount).toBe(1);
    expect(await writer.get(rejected.id)).toBe(rejected);
    expect(writer.pendingUsage(BOB)).toBe(GLM_COST);
    expect(writer.pendingUsage(ALICE)).toBe(0n);
    await expect(writer.flush()).rejects.toThrow(/CHECK constraint/);
  });

  it('ignores a second record with the same id instead of debiting twice', async () => {
    const { logger, writer } = setup();
    const record = makeGenerationRecord();
    writer.record(record);
    writer.record({ ...record });
    expect(writer.pendingUsage(ALICE)).toBe(GLM_COST);
    expect(logger.errors[0]?.message).toMatch(/duplicate/);
  });

  it('reports pending usage exactly before, during and after a flush', async () => {
    const { store, writer } = setup();
    writer.record(makeGenerationRecord());
    writer.record(makeGenerationRecord({ totalCost: 1n }));
    writer.record(makeGenerationRecord({ apiKeyHash: BOB }));
    const combined = (key: string): bigint => writer.pendingUsage(key) + store.storedUsage(key);

    expect(writer.pendingUsage(ALICE)).toBe(GLM_COST + 1n);
    expect(writer.pendingUsage(BOB)).toBe(GLM_COST);
    expect(writer.pendingUsage('c'.repeat(64))).toBe(0n);

    const hold = store.holdInserts();
    const flushing = writer.flush();
    await settle();
    // Mid-commit: still pending, not yet stored, so counted once.
    expect(store.insertCalls).toHaveLength(1);
    expect(combined(ALICE)).toBe(GLM_COST + 1n);

    hold.release();
    await flushing;
    expect(writer.pendingUsage(ALICE)).toBe(0n);
    expect(combined(ALICE)).toBe(GLM_COST + 1n);
    expect(combined(BOB)).toBe(GLM_COST);
  });

  it('splits pending usage by period using each record\'s UTC day', () => {
    const { writer } = setup();
    const now = Date.parse('2025-06-02T00:00:00.050Z'); // Monday, just after midnight
    writer.record(makeGenerationRecord({ createdAt: Date.parse('2025-06-01T23:59:59.990Z'), totalCost: 7n }));
    writer.record(makeGenerationRecord({ createdAt: Date.parse('2025-06-02T00:00:00.010Z'), totalCost: 11n }));
    expect(writer.pendingKeyUsage(ALICE, usagePeriodStarts(now))).toEqual({
      total: 18n,
      daily: 11n,
      weekly: 11n,
      monthly: 18n,
    });
  });

  it('re-reads key usage when a batch commits during the store read, so nothing is missed', async () => {
    const { store, writer } = setup();
    writer.record(makeGenerationRecord());
    const since = usagePeriodStarts(Date.parse('2025-07-08T12:00:00.000Z'));
    let reads = 0;
    const readStored = async (): Promise<KeyUsage> => {
      reads += 1;
      const total = store.storedUsage(ALICE);
      // The first read takes its snapshot, then the batch commits before the read returns.
      if (reads === 1) await writer.flush();
      return { total, daily: total, weekly: total, monthly: total };
    };
    const usage = await writer.readKeyUsage(ALICE, since, readStored);
    expect(reads).toBe(2);
    expect(usage).toEqual({ total: GLM_COST, daily: GLM_COST, weekly: GLM_COST, monthly: GLM_COST });
  });

  it('waits for a batch in flight before reading key usage', async () => {
    const { store, writer } = setup();
    writer.record(makeGenerationRecord());
    const hold = store.holdInserts();
    const flushing = writer.flush();
    const since = usagePeriodStarts(Date.parse('2025-07-08T12:00:00.000Z'));
    const reading = writer.readKeyUsage(ALICE, since, async () => {
      const total = store.storedUsage(ALICE);
      return { total, daily: total, weekly: total, monthly: total };
    });
    await settle();
    hold.release();
    await flushing;
    expect((await reading).total).toBe(GLM_COST);
  });

  it('flushes everything on close, stops its timer and refuses later records', async () => {
    const { store, timers, writer } = setup();
    for (let index = 0; index < 3; index += 1) writer.record(makeGenerationRecord());
    await writer.close();
    expect(store.records.size).toBe(3);
    expect(timers.pendingDelays()).toEqual([]);
    expect(() => writer.record(makeGenerationRecord())).toThrow(/closed/);
  });

  it('retries on close and, if the store never recovers, says how much is unwritten', async () => {
    const recovering = setup();
    recovering.writer.record(makeGenerationRecord());
    recovering.store.failNextInserts(1);
    const closing = recovering.writer.close();
    await settle();
    await recovering.timers.advance(250);
    await closing;
    expect(recovering.store.records.size).toBe(1);

    const broken = setup({ closeAttempts: 2 });
    const record = makeGenerationRecord();
    broken.writer.record(record);
    broken.store.failNextInserts(100);
    const failing = broken.writer.close();
    const outcome = expect(failing).rejects.toThrow('GenerationWriter closed with 1 unwritten generation records');
    await settle();
    await broken.timers.advance(10_000);
    await outcome;
    expect(await broken.writer.get(record.id)).toBe(record);
  });
});
