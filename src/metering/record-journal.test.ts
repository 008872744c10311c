import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GenerationWriter } from './generation-writer.js';
import { decodeGenerationRecord, decodeJournalHeader, encodeGenerationRecord, encodeJournalHeader } from './record-journal-codec.js';
import { JournalOpenError, RecordJournal } from './record-journal.js';
import { FakeGenerationStore } from './test-support/fake-generation-store.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';
import { filesIn, journalDirectory, linesOf, RecordingJournalLogger } from './test-support/journal-fixtures.js';
import { ManualTimers, RecordingLogger } from './test-support/manual-timers.js';

const STORE = 'sqlite:/var/lib/switchboard/switchboard.db';
const PID = 4242;
const open: RecordJournal[] = [];
/** A segment bound that two records stay under and three pass (record lines differ by a few bytes): the fourth starts a new segment. */
const THREE_RECORDS = Buffer.byteLength(encodeJournalHeader({ store: STORE, pid: PID })) + Math.floor(2.5 * Buffer.byteLength(encodeGenerationRecord(makeGenerationRecord())));

function journal(dir: string, options: { segmentBytes?: number } = {}): { journal: RecordJournal; log: RecordingJournalLogger } {
  const log = new RecordingJournalLogger();
  const created = new RecordJournal({ dir, storeIdentity: STORE, log, pid: PID, ...options });
  open.push(created);
  return { journal: created, log };
}

afterEach(async () => {
  for (const created of open.splice(0)) await created.close();
});

describe('RecordJournal', () => {
  it('starts a segment named by pid and sequence, with a header naming the store', async () => {
    const dir = journalDirectory();
    journal(dir);
    expect(filesIn(dir)).toEqual([`gen-${PID}-1.ndjson`]);
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`)).map(decodeJournalHeader)).toEqual([{ store: STORE, pid: PID }]);
  });

  it('never appends to a file an earlier process with the same pid left: the sequence moves on', async () => {
    const dir = journalDirectory();
    writeFileSync(join(dir, `gen-${PID}-1.ndjson`), 'left by the previous incarnation\n');
    journal(dir);
    expect(filesIn(dir)).toEqual([`gen-${PID}-1.ndjson`, `gen-${PID}-2.ndjson`]);
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`))).toEqual(['left by the previous incarnation']);
  });

  it('has the line on disk once append resolves: the records of one turn share one write (no timer, no flush)', async () => {
    const dir = journalDirectory();
    const { journal: subject } = journal(dir);
    const record = makeGenerationRecord();
    const appended = subject.append(record);
    // Records of one turn are written together when the turn's I/O callbacks are done…
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`))).toHaveLength(1);
    const second = makeGenerationRecord();
    expect(subject.append(second)).toBe(appended);
    await appended;
    const lines = linesOf(join(dir, `gen-${PID}-1.ndjson`));
    expect(lines.slice(1).map((line) => decodeGenerationRecord(line))).toEqual([{ ok: true, record }, { ok: true, record: second }]);
    expect(subject.uncommittedCount).toBe(2);
  });

  it('rotates at the size bound, deletes a finished segment once all its records committed, never the current one', async () => {
    const dir = journalDirectory();
    const { journal: subject } = journal(dir, { segmentBytes: THREE_RECORDS });
    const records = Array.from({ length: 7 }, () => makeGenerationRecord());
    for (const record of records) await subject.append(record);
    expect(filesIn(dir)).toEqual([`gen-${PID}-1.ndjson`, `gen-${PID}-2.ndjson`, `gen-${PID}-3.ndjson`]);
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`))).toHaveLength(4);

    // Commits arrive out of order (a failed batch is retried later): a segment waits for its last record.
    subject.committed([records[0]!, records[1]!, records[3]!]);
    expect(filesIn(dir)).toEqual([`gen-${PID}-1.ndjson`, `gen-${PID}-2.ndjson`, `gen-${PID}-3.ndjson`]);
    subject.committed([records[2]!]);
    expect(filesIn(dir)).toEqual([`gen-${PID}-2.ndjson`, `gen-${PID}-3.ndjson`]);
    subject.committed(records.slice(4));
    expect(filesIn(dir)).toEqual([`gen-${PID}-3.ndjson`]);
    // A record committed twice, or one never journaled, changes nothing.
    subject.committed([records[0]!, makeGenerationRecord()]);
    expect(subject.uncommittedCount).toBe(0);
    expect(filesIn(dir)).toEqual([`gen-${PID}-3.ndjson`]);
  });

  it('deletes its segments on close after a full flush, and keeps those with uncommitted records', async () => {
    const flushed = journalDirectory();
    const first = journal(flushed, { segmentBytes: THREE_RECORDS }).journal;
    const records = Array.from({ length: 5 }, () => makeGenerationRecord());
    for (const record of records) await first.append(record);
    first.committed(records);
    await first.close();
    expect(filesIn(flushed)).toEqual([]);

    const unflushed = journalDirectory();
    const { journal: second, log } = journal(unflushed, { segmentBytes: THREE_RECORDS });
    for (const record of records) await second.append(record);
    second.committed(records.slice(0, 3));
    await second.close();
    expect(filesIn(unflushed)).toEqual([`gen-${PID}-2.ndjson`]);
    expect(linesOf(join(unflushed, `gen-${PID}-2.ndjson`)).slice(1).map((line) => decodeGenerationRecord(line))).toEqual(
      records.slice(3).map((record) => ({ ok: true, record })),
    );
    expect(log.at('warn')).toEqual(['generation records left in the journal for replay']);
    // Closed: a late append is ignored rather than written to a closed fd.
    await second.append(makeGenerationRecord());
    expect(linesOf(join(unflushed, `gen-${PID}-2.ndjson`))).toHaveLength(3);
  });

  it('refuses to open in a directory it cannot create, naming it', async () => {
    const parent = journalDirectory();
    writeFileSync(join(parent, 'not-a-directory'), '');
    expect(() => new RecordJournal({ dir: join(parent, 'not-a-directory', 'journal'), storeIdentity: STORE, log: new RecordingJournalLogger() }))
      .toThrow(JournalOpenError);
    expect(() => new RecordJournal({ dir: join(parent, 'not-a-directory', 'journal'), storeIdentity: STORE, log: new RecordingJournalLogger() }))
      .toThrow(`Cannot open the generation record journal in ${join(parent, 'not-a-directory', 'journal')}`);
  });

  // root writes anywhere (and a read-only mount is not available to a test): skipped as root.
  it.skipIf(process.getuid?.() === 0)('refuses a directory it may not write to', () => {
    const dir = join(journalDirectory(), 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    expect(() => new RecordJournal({ dir, storeIdentity: STORE, log: new RecordingJournalLogger() })).toThrow(JournalOpenError);
  });
});

describe('GenerationWriter with a journal', () => {
  function setup(dir: string) {
    const store = new FakeGenerationStore();
    const timers = new ManualTimers();
    const { journal: subject } = journal(dir);
    const writer = new GenerationWriter({ store, logger: new RecordingLogger(), timers, flushIntervalMs: 50, journal: subject });
    return { store, timers, subject, writer };
  }

  it('journals a record inside record(), and forgets it once its batch committed', async () => {
    const dir = journalDirectory();
    const { store, timers, subject, writer } = setup(dir);
    const record = makeGenerationRecord();
    await writer.record(record);
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`))).toHaveLength(2);
    expect(subject.uncommittedCount).toBe(1);
    await timers.advance(50);
    expect(store.records.get(record.id)).toBe(record);
    expect(subject.uncommittedCount).toBe(0);
    expect(writer.health().journal).toEqual({ ok: true, lastError: null, failingSince: null, unjournaled: 0 });
  });

  it('keeps a failed batch\'s records journaled until the retry commits them', async () => {
    const dir = journalDirectory();
    const { store, timers, subject, writer } = setup(dir);
    store.failNextInserts(1);
    await writer.record(makeGenerationRecord());
    await writer.record(makeGenerationRecord());
    await timers.advance(50);
    expect(subject.uncommittedCount).toBe(2);
    await timers.advance(250);
    expect(store.records.size).toBe(2);
    expect(subject.uncommittedCount).toBe(0);
  });

  it('does not journal a duplicate id the writer ignores', async () => {
    const dir = journalDirectory();
    const { subject, writer } = setup(dir);
    const record = makeGenerationRecord();
    await writer.record(record);
    await writer.record({ ...record });
    expect(subject.uncommittedCount).toBe(1);
    expect(linesOf(join(dir, `gen-${PID}-1.ndjson`))).toHaveLength(2);
  });
});
