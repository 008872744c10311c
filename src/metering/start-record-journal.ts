import { mkdirSync } from 'node:fs';
import type { GenerationStore } from '../store/store-types.js';
import { JournalOpenError, RecordJournal, type JournalLogger } from './record-journal.js';
import { JournalReplayer } from './replay-record-journal.js';

export interface StartRecordJournalOptions {
  dir: string;
  storeIdentity: string;
  /** The store replayed records go into (not the observed one: they were not served here). */
  store: Pick<GenerationStore, 'insertGenerations'>;
  log: JournalLogger;
  /** How often other processes' orphaned segments are looked for. */
  sweepIntervalMs?: number;
  segmentBytes?: number;
}

export interface RunningRecordJournal {
  journal: RecordJournal;
  replayer: JournalReplayer;
  /** Stops sweeping and closes the journal; call it after the writer closed (flushed). */
  close(): Promise<void>;
}

const DEFAULT_SWEEP_INTERVAL_MS = 10_000;

/**
 * Start-up of the record journal, before the gateway serves: replays what stopped processes
 * left (this pid's previous incarnation included), opens this process's journal, and sweeps for
 * other processes' leftovers from then on. A directory that cannot be created, read or written
 * throws JournalOpenError (the gateway refuses to start); a store that fails during the replay
 * does not: the claimed files are retried on the next sweep.
 */
export async function startRecordJournal(options: StartRecordJournalOptions): Promise<RunningRecordJournal> {
  const { dir, log } = options;
  const replayer = new JournalReplayer({ dir, storeIdentity: options.storeIdentity, store: options.store, log });
  try {
    mkdirSync(dir, { recursive: true });
    const summary = await replayer.replay({ includeOwnPid: true });
    if (summary.files > 0) log.info('generation record journal replayed at start', { dir, ...summary });
  } catch (error) {
    throw error instanceof JournalOpenError ? error : new JournalOpenError(dir, error);
  }
  const journal = new RecordJournal({
    dir, storeIdentity: options.storeIdentity, log,
    ...(options.segmentBytes !== undefined ? { segmentBytes: options.segmentBytes } : {}),
  });
  replayer.startSweeping(options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
  return {
    journal,
    replayer,
    close: async () => {
      await replayer.stop();
      await journal.close();
    },
  };
}
