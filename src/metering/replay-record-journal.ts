import { open, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { GenerationRecord, GenerationStore } from '../store/store-types.js';
import { decodeGenerationRecord, decodeJournalHeader } from './record-journal-codec.js';
import { claimFile, isProcessAlive, isSegmentLive, parseJournalFile, type JournalFile } from './record-journal-files.js';
import type { JournalLogger } from './record-journal.js';

export interface JournalReplayerOptions {
  dir: string;
  /** Only segments whose header names this store are replayed; others belong to another deployment. */
  storeIdentity: string;
  store: Pick<GenerationStore, 'insertGenerations'>;
  log: JournalLogger;
  pid?: number;
  batchSize?: number;
  isAlive?: (pid: number) => boolean;
}

export interface ReplaySummary {
  files: number;
  records: number;
  /** Lines that were not records (a torn last line). */
  skippedLines: number;
  /** Files claimed but not replayed (the store failed): retried on the next sweep. */
  failedFiles: number;
}

/** Enough of a segment's start to hold its header line. */
const HEADER_BYTES = 4096;

/**
 * Puts the records of journals whose process died into the store: segments of a pid that no
 * longer runs (or, at start, of this very pid: a previous incarnation in a container), and
 * claims of dead replayers. Each file is claimed by an atomic rename first, so two processes
 * never replay one file; its records go in through insertGenerations in batches (the stores
 * skip ids already stored, rollups included, so a record the dead process had committed counts
 * once), and the file is deleted once every batch committed. A line that is not a record (the
 * torn last line of a killed process) is skipped with a warning.
 */
export class JournalReplayer {
  private readonly dir: string;
  private readonly storeIdentity: string;
  private readonly store: Pick<GenerationStore, 'insertGenerations'>;
  private readonly log: JournalLogger;
  private readonly pid: number;
  private readonly batchSize: number;
  private readonly isAlive: (pid: number) => boolean;
  /** Segments of another store seen already (warned about once). */
  private readonly foreign = new Set<string>();
  private running: Promise<ReplaySummary> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(options: JournalReplayerOptions) {
    this.dir = options.dir;
    this.storeIdentity = options.storeIdentity;
    this.store = options.store;
    this.log = options.log;
    this.pid = options.pid ?? process.pid;
    this.batchSize = Math.max(1, options.batchSize ?? 256);
    this.isAlive = options.isAlive ?? isProcessAlive;
  }

  /**
   * Replays every orphaned segment. `includeOwnPid`: at start, before this process journals,
   * segments bearing its pid are a previous incarnation's; later they are its own live ones.
   * One pass at a time: a call during a pass waits for it.
   */
  replay(options: { includeOwnPid: boolean }): Promise<ReplaySummary> {
    this.running ??= this.pass(options.includeOwnPid).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Sweeps for dead processes' segments every `intervalMs` (unref'd), so they land even if no process restarts. */
  startSweeping(intervalMs: number): void {
    this.timer ??= setInterval(() => {
      this.replay({ includeOwnPid: false }).catch((error: unknown) => this.log.error('replaying the generation record journal failed', { dir: this.dir, error: String(error) }));
    }, intervalMs).unref();
  }

  /** Stops sweeping and waits for a running pass. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async pass(includeOwnPid: boolean): Promise<ReplaySummary> {
    const summary: ReplaySummary = { files: 0, records: 0, skippedLines: 0, failedFiles: 0 };
    const names = (await readdir(this.dir)).sort();
    for (const name of names) {
      const file = parseJournalFile(name);
      if (file === null || !this.orphaned(file, includeOwnPid) || this.foreign.has(file.base)) continue;
      const belongs = await this.belongsHere(file);
      if (belongs === 'gone') continue;
      if (belongs === 'foreign') {
        this.foreign.add(file.base);
        this.log.warn('a journal segment of another store is left alone', { file: join(this.dir, name) });
        continue;
      }
      const path = await claimFile(this.dir, file, this.pid);
      if (path === null) continue;
      summary.files += 1;
      try {
        const replayed = await this.replayFile(path, file);
        summary.records += replayed.records;
        summary.skippedLines += replayed.skippedLines;
      } catch (error) {
        summary.failedFiles += 1;
        // The claim stays: this process retries it on its next sweep, another once this one is gone.
        this.log.error('replaying a journal segment failed; it is kept and retried', { file: path, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return summary;
  }

  /** Whether nobody is (or will be) writing or replaying this file. */
  private orphaned(file: JournalFile, includeOwnPid: boolean): boolean {
    if (file.kind === 'segment') {
      if (isSegmentLive(join(this.dir, file.name))) return false;
      return file.owner === this.pid ? includeOwnPid : !this.isAlive(file.owner);
    }
    // Passes never overlap, so a claim of this pid is a failed earlier attempt (or a previous incarnation's).
    return file.claimer === this.pid || !this.isAlive(file.claimer);
  }

  /** Reads the header: is the file this store's, another's, or gone (claimed meanwhile)? */
  private async belongsHere(file: JournalFile): Promise<'here' | 'foreign' | 'gone'> {
    let head: string;
    try {
      const handle = await open(join(this.dir, file.name), 'r');
      try {
        const buffer = Buffer.alloc(HEADER_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
        head = buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw error;
    }
    const newline = head.indexOf('\n');
    // No complete header: the process died while creating the segment, before any record.
    if (newline < 0) return 'here';
    const header = decodeJournalHeader(head.slice(0, newline));
    return header !== null && header.store === this.storeIdentity ? 'here' : 'foreign';
  }

  private async replayFile(path: string, file: JournalFile): Promise<{ records: number; skippedLines: number }> {
    const lines = (await readFile(path, 'utf8')).split('\n');
    const records: GenerationRecord[] = [];
    let skippedLines = 0;
    let firstProblem: string | null = null;
    // Line 0 is the header (checked before the claim).
    for (let index = 1; index < lines.length; index += 1) {
      const line = lines[index]!;
      if (line === '') continue;
      const decoded = decodeGenerationRecord(line);
      if (decoded.ok) {
        records.push(decoded.record);
        continue;
      }
      skippedLines += 1;
      firstProblem ??= `line ${index + 1}: ${decoded.reason}`;
    }
    if (skippedLines > 0) {
      this.log.warn('journal lines that are not records were skipped (a process killed mid-write leaves a torn last line)', { file: path, skipped: skippedLines, first: firstProblem });
    }
    for (let start = 0; start < records.length; start += this.batchSize) {
      await this.store.insertGenerations(records.slice(start, start + this.batchSize));
    }
    await unlink(path);
    this.log.info('replayed generation records from the journal of a stopped process', { file: path, owner_pid: file.owner, replayed_by_pid: this.pid, records: records.length });
    return { records: records.length, skippedLines };
  }
}
