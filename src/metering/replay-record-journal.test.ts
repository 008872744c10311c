import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/open-store.js';
import type { GenerationRecord, Store } from '../store/store-types.js';
import { encodeGenerationRecord } from './record-journal-codec.js';
import { RecordJournal } from './record-journal.js';
import { JournalReplayer } from './replay-record-journal.js';
import { startRecordJournal } from './start-record-journal.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';
import { filesIn, journalDirectory, RecordingJournalLogger } from './test-support/journal-fixtures.js';

const STORE = 'sqlite:/var/lib/switchboard/switchboard.db';
const DEAD = 999_001;
const LIVE = 999_002;
const ME = 999_003;
const OTHER_REPLAYER = 999_004;
const alive = new Set([LIVE, ME, OTHER_REPLAYER]);
const isAlive = (pid: number): boolean => alive.has(pid);

let store: Store;
beforeEach(async () => {
  store = await openStore('sqlite::memory:');
});
afterEach(async () => {
  await store.close();
});

/** Writes what a process killed with `records` unflushed leaves: its segment(s), fds closed without cleanup. */
async function leftBehind(dir: string, pid: number, records: GenerationRecord[], options: { storeIdentity?: string; segmentBytes?: number } = {}): Promise<void> {
  const journal = new RecordJournal({ dir, storeIdentity: options.storeIdentity ?? STORE, log: new RecordingJournalLogger(), pid, ...(options.segmentBytes ? { segmentBytes: options.segmentBytes } : {}) });
  for (const record of records) await journal.append(record);
  // close() keeps segments that hold uncommitted records, as a kill would.
  await journal.close();
}

function replayer(dir: string, pid = ME, insertGenerations: Store['generations']['insertGenerations'] = (records) => store.generations.insertGenerations(records)) {
  const log = new RecordingJournalLogger();
  return { log, subject: new JournalReplayer({ dir, storeIdentity: STORE, store: { insertGenerations }, log, pid, isAlive, batchSize: 2 }) };
}

async function storedIds(): Promise<string[]> {
  return (await store.generations.listGenerations({ limit: 1000 })).map((record) => record.id).sort();
}

const ids = (records: GenerationRecord[]): string[] => records.map((record) => record.id).sort();

describe('JournalReplayer', () => {
  it('puts a dead process\'s records into the store in batches, each once, rollups included, and deletes the segment', async () => {
    const dir = journalDirectory();
    const records = Array.from({ length: 5 }, (_, index) => makeGenerationRecord({ totalCost: BigInt(index + 1) * 1_000_000n }));
    await leftBehind(dir, DEAD, records);
    // The dead process had committed two of them before it died: they must not count twice.
    await store.generations.insertGenerations(records.slice(0, 2));
    const { subject, log } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toEqual({ files: 1, records: 5, skippedLines: 0, failedFiles: 0 });
    expect(await storedIds()).toEqual(ids(records));
    expect(await store.usage.totalUsage()).toBe(15_000_000n);
    expect(filesIn(dir)).toEqual([]);
    expect(log.lines.find((line) => line.level === 'info')).toMatchObject({ message: 'replayed generation records from the journal of a stopped process', fields: { owner_pid: DEAD, records: 5 } });
  });

  it('skips a torn last line with a warning and replays the rest', async () => {
    const dir = journalDirectory();
    const records = [makeGenerationRecord(), makeGenerationRecord()];
    await leftBehind(dir, DEAD, records);
    appendFileSync(join(dir, `gen-${DEAD}-1.ndjson`), encodeGenerationRecord(makeGenerationRecord()).slice(0, 123));
    const { subject, log } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toEqual({ files: 1, records: 2, skippedLines: 1, failedFiles: 0 });
    expect(await storedIds()).toEqual(ids(records));
    expect(log.lines.find((line) => line.level === 'warn')).toMatchObject({ fields: { skipped: 1, first: 'line 4: not JSON (a torn line?)' } });
    expect(filesIn(dir)).toEqual([]);
  });

  it('leaves live processes\' segments alone, and its own pid\'s unless asked at start (a previous incarnation)', async () => {
    const dir = journalDirectory();
    const live = [makeGenerationRecord()];
    const previousIncarnation = [makeGenerationRecord(), makeGenerationRecord()];
    await leftBehind(dir, LIVE, live);
    await leftBehind(dir, ME, previousIncarnation);
    const { subject } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 0, records: 0 });
    expect(filesIn(dir)).toEqual([`gen-${LIVE}-1.ndjson`, `gen-${ME}-1.ndjson`]);
    expect(await subject.replay({ includeOwnPid: true })).toMatchObject({ files: 1, records: 2 });
    expect(await storedIds()).toEqual(ids(previousIncarnation));
    expect(filesIn(dir)).toEqual([`gen-${LIVE}-1.ndjson`]);
  });

  it('never takes a segment a journal of this very process is writing (two gateways in one process)', async () => {
    const dir = journalDirectory();
    const live = new RecordJournal({ dir, storeIdentity: STORE, log: new RecordingJournalLogger(), pid: ME });
    const record = makeGenerationRecord();
    await live.append(record);
    const { subject } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: true })).toMatchObject({ files: 0 });
    expect(filesIn(dir)).toEqual([`gen-${ME}-1.ndjson`]);
    live.committed([record]);
    await live.close();
    expect(filesIn(dir)).toEqual([]);
  });

  it('lets exactly one of two racing replayers take each file', async () => {
    const dir = journalDirectory();
    const records = Array.from({ length: 40 }, () => makeGenerationRecord());
    // Several segments, so the two passes interleave over them.
    await leftBehind(dir, DEAD, records, { segmentBytes: 3_000 });
    const segments = filesIn(dir).length;
    expect(segments).toBeGreaterThan(5);
    const inserted: string[] = [];
    const counting = (pid: number) => replayer(dir, pid, async (batch) => {
      inserted.push(...batch.map((record) => record.id));
      await store.generations.insertGenerations(batch);
    }).subject;
    const [first, second] = await Promise.all([counting(ME).replay({ includeOwnPid: false }), counting(OTHER_REPLAYER).replay({ includeOwnPid: false })]);
    expect(first.records + second.records).toBe(40);
    expect(first.files + second.files).toBe(segments);
    expect(first.files).toBeGreaterThan(0);
    expect(second.files).toBeGreaterThan(0);
    // Every record was handed to the store exactly once: no file was replayed twice.
    expect(inserted.sort()).toEqual(ids(records));
    expect(await storedIds()).toEqual(ids(records));
    expect(filesIn(dir)).toEqual([]);
  });

  it('takes over a dead replayer\'s claim, and leaves a live replayer\'s claim alone', async () => {
    const dir = journalDirectory();
    const stale = [makeGenerationRecord()];
    const busy = [makeGenerationRecord()];
    await leftBehind(dir, DEAD, stale);
    renameSync(join(dir, `gen-${DEAD}-1.ndjson`), join(dir, `gen-${DEAD}-1.ndjson.replaying-${DEAD + 100}`));
    await leftBehind(dir, DEAD + 1, busy);
    renameSync(join(dir, `gen-${DEAD + 1}-1.ndjson`), join(dir, `gen-${DEAD + 1}-1.ndjson.replaying-${OTHER_REPLAYER}`));
    const { subject } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 1, records: 1 });
    expect(await storedIds()).toEqual(ids(stale));
    expect(filesIn(dir)).toEqual([`gen-${DEAD + 1}-1.ndjson.replaying-${OTHER_REPLAYER}`]);
  });

  it('keeps a claimed file when the store fails and replays it on the next pass', async () => {
    const dir = journalDirectory();
    const records = [makeGenerationRecord(), makeGenerationRecord(), makeGenerationRecord()];
    await leftBehind(dir, DEAD, records);
    let failures = 1;
    const { subject, log } = replayer(dir, ME, async (batch) => {
      if (failures-- > 0) throw new Error('connection terminated unexpectedly');
      await store.generations.insertGenerations(batch);
    });
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 1, records: 0, failedFiles: 1 });
    expect(filesIn(dir)).toEqual([`gen-${DEAD}-1.ndjson.replaying-${ME}`]);
    expect(log.at('error')).toEqual(['replaying a journal segment failed; it is kept and retried']);
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 1, records: 3, failedFiles: 0 });
    expect(await storedIds()).toEqual(ids(records));
    expect(filesIn(dir)).toEqual([]);
  });

  it('leaves another store\'s segments alone (two deployments sharing a working directory)', async () => {
    const dir = journalDirectory();
    await leftBehind(dir, DEAD, [makeGenerationRecord()], { storeIdentity: 'postgres://elsewhere:5432/other' });
    const { subject, log } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 0 });
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 0 });
    expect(filesIn(dir)).toEqual([`gen-${DEAD}-1.ndjson`]);
    expect(log.at('warn')).toEqual(['a journal segment of another store is left alone']);
    expect(await storedIds()).toEqual([]);
  });

  it('removes a segment whose process died before its header was complete (no records)', async () => {
    const dir = journalDirectory();
    writeFileSync(join(dir, `gen-${DEAD}-1.ndjson`), '{"switchboard_jour');
    const { subject } = replayer(dir);
    expect(await subject.replay({ includeOwnPid: false })).toMatchObject({ files: 1, records: 0, skippedLines: 0 });
    expect(filesIn(dir)).toEqual([]);
  });
});

describe('startRecordJournal', () => {
  it('replays what a previous incarnation of this pid left before opening its own segment, and cleans up on close', async () => {
    const dir = journalDirectory();
    const records = [makeGenerationRecord(), makeGenerationRecord()];
    await leftBehind(dir, process.pid, records);
    const log = new RecordingJournalLogger();
    const running = await startRecordJournal({ dir, storeIdentity: STORE, store: store.generations, log });
    expect(await storedIds()).toEqual(ids(records));
    expect(filesIn(dir)).toEqual([`gen-${process.pid}-1.ndjson`]);
    expect(log.at('info')).toContain('generation record journal replayed at start');
    const next = makeGenerationRecord();
    await running.journal.append(next);
    running.journal.committed([next]);
    await running.close();
    expect(filesIn(dir)).toEqual([]);
  });

  it('refuses to start on a path it cannot use, naming it', async () => {
    const parent = journalDirectory();
    writeFileSync(join(parent, 'file'), '');
    await expect(startRecordJournal({ dir: join(parent, 'file', 'journal'), storeIdentity: STORE, store: store.generations, log: new RecordingJournalLogger() }))
      .rejects.toThrow(`Cannot open the generation record journal in ${join(parent, 'file', 'journal')}`);
  });
});
