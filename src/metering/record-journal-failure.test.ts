import * as fs from 'node:fs';
import type * as FileSystem from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GenerationWriter } from './generation-writer.js';
import { decodeGenerationRecord } from './record-journal-codec.js';
import { RecordJournal } from './record-journal.js';
import { FakeGenerationStore } from './test-support/fake-generation-store.js';
import { makeGenerationRecord } from './test-support/generation-record-factory.js';
import { filesIn, journalDirectory, linesOf, RecordingJournalLogger } from './test-support/journal-fixtures.js';
import { ManualTimers, RecordingLogger } from './test-support/manual-timers.js';

// A full disk cannot be made on demand in a test: write(2) is wrapped so one call can fail
// (ENOSPC) or write only part of its line, as a nearly full disk does; every other call is real.
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof FileSystem>();
  return { ...actual, writeSync: vi.fn(actual.writeSync) };
});
const actualWriteSync = (await vi.importActual<typeof FileSystem>('node:fs')).writeSync;
const writeSync = vi.mocked(fs.writeSync);

const PID = 4343;
const open: RecordJournal[] = [];
afterEach(async () => {
  writeSync.mockReset();
  writeSync.mockImplementation(actualWriteSync);
  for (const journal of open.splice(0)) await journal.close();
});

function setup() {
  const dir = journalDirectory();
  const log = new RecordingJournalLogger();
  const journal = new RecordJournal({ dir, storeIdentity: 'sqlite:/tmp/x.db', log, pid: PID, now: () => Date.parse('2025-07-08T12:00:00Z') });
  open.push(journal);
  const store = new FakeGenerationStore();
  const timers = new ManualTimers();
  const writer = new GenerationWriter({ store, logger: new RecordingLogger(), timers, flushIntervalMs: 50, journal });
  return { dir, log, journal, store, timers, writer, segment: join(dir, `gen-${PID}-1.ndjson`) };
}

const noSpace = (): never => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};

describe('RecordJournal when appending fails', () => {
  it('keeps serving: the record stays in memory and reaches the store, the failure is logged once and reported until an append works', async () => {
    const { log, journal, store, timers, writer } = setup();
    // Both records are appended in one turn of the event loop: one write(2), which fails.
    writeSync.mockImplementationOnce(noSpace);
    const lost = [makeGenerationRecord(), makeGenerationRecord()];
    const journaled = lost.map((record) => writer.record(record));
    await Promise.all(journaled);
    expect(writer.pendingCount).toBe(2);
    expect(writer.health().journal).toEqual({ ok: false, lastError: 'ENOSPC: no space left on device, write', failingSince: Date.parse('2025-07-08T12:00:00Z'), unjournaled: 2 });
    expect(log.at('error')).toHaveLength(1);
    expect(log.lines[0]!.message).toMatch(/would be lost if this process were killed/);

    await writer.record(makeGenerationRecord());
    expect(writer.health().journal).toEqual({ ok: true, lastError: null, failingSince: null, unjournaled: 0 });
    expect(log.at('info')).toEqual(['appending generation records to the journal works again']);
    await timers.advance(50);
    expect(store.records.size).toBe(3);
    expect(journal.uncommittedCount).toBe(0);
  });

  it('starts the next record on a fresh line after a short write, so only the torn line is unreadable', async () => {
    const { segment, writer } = setup();
    writeSync.mockImplementationOnce((fd, data) => actualWriteSync(fd as number, (data as string).slice(0, 40)));
    const torn = makeGenerationRecord();
    const next = makeGenerationRecord();
    await writer.record(torn);
    await writer.record(next);
    const lines = linesOf(segment);
    expect(lines).toHaveLength(3);
    expect(decodeGenerationRecord(lines[1]!)).toMatchObject({ ok: false });
    expect(decodeGenerationRecord(lines[2]!)).toEqual({ ok: true, record: next });
  });

  it('keeps the directory tidy: a failure does not leave stray segments', async () => {
    const { dir, writer } = setup();
    writeSync.mockImplementationOnce(noSpace);
    await writer.record(makeGenerationRecord());
    await writer.record(makeGenerationRecord());
    expect(filesIn(dir)).toEqual([`gen-${PID}-1.ndjson`]);
  });
});
