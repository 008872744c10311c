import { closeSync, fsync, close, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerationRecord } from '../store/store-types.js';
import type { GenerationJournal } from './generation-writer.js';
import { encodeGenerationRecord, encodeJournalHeader } from './record-journal-codec.js';
import { markSegmentLive, segmentName } from './record-journal-files.js';

export interface JournalLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface RecordJournalOptions {
  dir: string;
  /** The store the records belong to (see store-identity.ts): written in each segment's header. */
  storeIdentity: string;
  log: JournalLogger;
  /** A segment this large is closed and a new one started. */
  segmentBytes?: number;
  /** Fewest milliseconds between two fsyncs of the current segment. */
  syncIntervalMs?: number;
  pid?: number;
  now?: () => number;
}

/** The journal's state for GET /health. */
export interface JournalHealth {
  /** False from a failed append until an append succeeds again. */
  ok: boolean;
  lastError: string | null;
  /** Unix ms of the first failure of the current run of failures. */
  failingSince: number | null;
  /** Records the journal could not hold since the current run of failures began. */
  unjournaled: number;
}

interface Segment {
  readonly path: string;
  readonly fd: number;
  bytes: number;
  /** Records appended here whose batch has not committed yet. */
  uncommitted: number;
  current: boolean;
  /** Written since its last fsync. */
  dirty: boolean;
  syncing: Promise<void> | undefined;
  /** The fd's final fsync and close, once the segment is no longer current. */
  closing: Promise<void> | undefined;
}

/** The directory could not be created or a segment not opened there: the gateway must not start. */
export class JournalOpenError extends Error {
  readonly kind = 'journal_unavailable';
  constructor(readonly dir: string, cause: unknown) {
    super(`Cannot open the generation record journal in ${dir}: ${cause instanceof Error ? cause.message : String(cause)} (set store.journal_dir to a writable directory, or store.journal: false)`, { cause });
  }
}

const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
const DEFAULT_SYNC_INTERVAL_MS = 1_000;
/** After a failed rotation, the current segment keeps growing this long before the next try. */
const ROTATE_RETRY_MS = 1_000;

function fsyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}

function closeAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));
}

/**
 * This process's append-only journal of finished generation records, so a process killed
 * outright (SIGKILL, a crash) loses no record whose response was sent: the records of one
 * event-loop turn are written with one write(2) on an O_APPEND fd before their responses go
 * out (group commit: the response awaits `append`), so each line is in the OS page cache (it survives the process, not a power loss: fsync runs in
 * the background, at most every `syncIntervalMs`). The writer reports each committed batch;
 * a segment that is no longer current and whose records all committed is deleted, and close()
 * after a full flush deletes the rest. Another process (or this pid's next incarnation) replays
 * what is left (replay-record-journal.ts). A failing append (disk full) is logged and reported
 * in /health; the record is still in the writer's memory and serving goes on.
 */
export class RecordJournal implements GenerationJournal {
  private readonly dir: string;
  private readonly header: string;
  private readonly log: JournalLogger;
  private readonly segmentBytes: number;
  private readonly syncIntervalMs: number;
  private readonly pid: number;
  private readonly now: () => number;
  private readonly segments = new Set<Segment>();
  private readonly segmentOf = new Map<GenerationRecord, Segment>();
  private current: Segment;
  private seq = 0;
  private nextSyncAt = 0;
  private rotateRetryAt = 0;
  /** A failed write may have left part of a line: the next one starts on a fresh line. */
  private needsNewline = false;
  private lastError: string | null = null;
  private failingSince: number | null = null;
  private unjournaled = 0;
  private closed = false;
  /** Records appended this turn, and their encoded lines, written together by writeBatch. */
  private batchLines: string[] = [];
  private batchRecords: GenerationRecord[] = [];
  private batchWritten: Promise<void> | undefined;
  private resolveBatch: (() => void) | undefined;
  /** Records of the unwritten batch that the writer already committed. */
  private readonly committedEarly = new Set<GenerationRecord>();

  /** Creates the directory and the first segment; throws JournalOpenError naming the directory. */
  constructor(options: RecordJournalOptions) {
    this.dir = options.dir;
    this.log = options.log;
    this.pid = options.pid ?? process.pid;
    this.header = encodeJournalHeader({ store: options.storeIdentity, pid: this.pid });
    this.segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    this.syncIntervalMs = options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
    this.now = options.now ?? Date.now;
    try {
      mkdirSync(this.dir, { recursive: true });
      this.current = this.openSegment();
    } catch (error) {
      throw new JournalOpenError(this.dir, error);
    }
  }

  /** Records appended and not committed yet. */
  get uncommittedCount(): number {
    return this.segmentOf.size;
  }

  /** Paths of this journal's segments still on disk, oldest first. */
  segmentPaths(): string[] {
    return [...this.segments].map((segment) => segment.path);
  }

  health(): JournalHealth {
    return { ok: this.failingSince === null, lastError: this.lastError, failingSince: this.failingSince, unjournaled: this.unjournaled };
  }

  /**
   * The hot path: encode the record and add it to this turn's batch. Every record appended
   * during one turn of the event loop is written with one write(2) when the turn's I/O
   * callbacks are done (setImmediate); the returned promise resolves then, and the response
   * waits for it. Never rejects: a failure is logged and reported in health().
   */
  append(record: GenerationRecord): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.batchLines.push(encodeGenerationRecord(record));
    this.batchRecords.push(record);
    if (this.batchWritten === undefined) {
      this.batchWritten = new Promise((resolve) => (this.resolveBatch = resolve));
      setImmediate(this.writeBatch);
    }
    return this.batchWritten;
  }

  /** Writes the batch appended so far (one write(2)) and wakes the responses waiting for it. */
  private readonly writeBatch = (): void => {
    const lines = this.batchLines;
    const records = this.batchRecords;
    const resolve = this.resolveBatch;
    this.batchLines = [];
    this.batchRecords = [];
    this.batchWritten = undefined;
    this.resolveBatch = undefined;
    if (records.length > 0) this.writeLines(lines, records);
    resolve?.();
  };

  private writeLines(lines: string[], records: GenerationRecord[]): void {
    let segment = this.current;
    if (segment.bytes >= this.segmentBytes && this.now() >= this.rotateRetryAt) segment = this.rotate();
    const text = this.needsNewline ? `\n${lines.join('')}` : lines.join('');
    let written: number;
    try {
      written = writeSync(segment.fd, text);
    } catch (error) {
      this.needsNewline = true;
      this.failed(error, records.length);
      return;
    }
    segment.bytes += written;
    if (written !== Buffer.byteLength(text)) {
      this.needsNewline = true;
      this.failed(new Error(`short write to ${segment.path} (${written} bytes written)`), records.length);
      return;
    }
    this.needsNewline = false;
    segment.dirty = true;
    for (const record of records) {
      // Committed before its line was written (a full writer batch flushes at once): nothing to track.
      if (this.committedEarly.delete(record)) continue;
      segment.uncommitted += 1;
      this.segmentOf.set(record, segment);
    }
    if (this.failingSince !== null) this.recovered();
  }

  /** These records are in the store: a finished segment whose records all are is deleted. */
  committed(records: readonly GenerationRecord[]): void {
    for (const record of records) {
      const segment = this.segmentOf.get(record);
      if (segment === undefined) {
        if (this.batchWritten !== undefined && this.batchRecords.includes(record)) this.committedEarly.add(record);
        continue;
      }
      this.segmentOf.delete(record);
      segment.uncommitted -= 1;
      if (segment.uncommitted === 0 && !segment.current) this.remove(segment);
    }
  }

  /** Starts an fsync of the current segment in the background (the writer calls it when it flushes). */
  sync(): void {
    const segment = this.current;
    if (this.closed || !segment.dirty || segment.syncing !== undefined || this.now() < this.nextSyncAt) return;
    segment.dirty = false;
    this.nextSyncAt = this.now() + this.syncIntervalMs;
    segment.syncing = fsyncAsync(segment.fd)
      .catch((error: unknown) => this.log.warn('fsync of the generation record journal failed', { path: segment.path, error: String(error) }))
      .finally(() => {
        segment.syncing = undefined;
      });
  }

  /**
   * Closes every segment; call it after the writer's close(). Segments whose records all
   * committed are deleted; any holding uncommitted records (the store failed to the end) stay
   * for the next start, or another process, to replay.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writeBatch();
    this.closed = true;
    this.current.current = false;
    for (const segment of this.segments) this.closeFd(segment);
    await Promise.all([...this.segments].map((segment) => segment.closing));
    for (const segment of [...this.segments]) {
      if (segment.uncommitted === 0) this.remove(segment);
      else markSegmentLive(segment.path, false);
    }
    if (this.segments.size > 0) {
      this.log.warn('generation records left in the journal for replay', { records: this.segmentOf.size, segments: this.segmentPaths() });
    }
  }

  private openSegment(): Segment {
    for (;;) {
      this.seq += 1;
      const path = join(this.dir, segmentName(this.pid, this.seq));
      let fd: number;
      try {
        // O_EXCL: a file left by an earlier process with this pid is never appended to.
        fd = openSync(path, 'ax');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      try {
        const written = writeSync(fd, this.header);
        if (written !== Buffer.byteLength(this.header)) throw new Error(`short write of the journal header to ${path}`);
      } catch (error) {
        closeSync(fd);
        unlinkSync(path);
        throw error;
      }
      const segment: Segment = { path, fd, bytes: Buffer.byteLength(this.header), uncommitted: 0, current: true, dirty: true, syncing: undefined, closing: undefined };
      this.segments.add(segment);
      markSegmentLive(path, true);
      return segment;
    }
  }

  /** Starts a new current segment; the old one is closed, and deleted if nothing in it is pending. */
  private rotate(): Segment {
    let next: Segment;
    try {
      next = this.openSegment();
    } catch (error) {
      this.rotateRetryAt = this.now() + ROTATE_RETRY_MS;
      this.log.error('starting a new generation record journal segment failed; appending to the current one', { dir: this.dir, error: String(error) });
      return this.current;
    }
    const previous = this.current;
    previous.current = false;
    this.current = next;
    // The previous segment's last line is complete; the new one starts clean.
    this.needsNewline = false;
    this.closeFd(previous);
    if (previous.uncommitted === 0) this.remove(previous);
    return next;
  }

  /** A final fsync (after any running one), then close; unlinking may happen before or after. */
  private closeFd(segment: Segment): void {
    if (segment.closing !== undefined) return;
    const { fd } = segment;
    segment.closing = (segment.syncing ?? Promise.resolve())
      .then(() => (segment.dirty ? fsyncAsync(fd) : undefined))
      .catch((error: unknown) => this.log.warn('fsync of the generation record journal failed', { path: segment.path, error: String(error) }))
      .then(() => closeAsync(fd))
      .catch((error: unknown) => this.log.warn('closing a generation record journal segment failed', { path: segment.path, error: String(error) }));
  }

  private remove(segment: Segment): void {
    this.segments.delete(segment);
    markSegmentLive(segment.path, false);
    try {
      unlinkSync(segment.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn('deleting a replayed-out journal segment failed', { path: segment.path, error: String(error) });
      }
    }
  }

  private failed(error: unknown, records: number): void {
    this.unjournaled += records;
    this.lastError = error instanceof Error ? error.message : String(error);
    // One line when the failures start, then one per thousand records: a full disk must not flood the log.
    if (this.failingSince === null || Math.floor(this.unjournaled / 1000) > Math.floor((this.unjournaled - records) / 1000)) {
      this.log.error('appending a generation record to the journal failed; it is kept in memory and written to the store as usual, but would be lost if this process were killed', {
        dir: this.dir, error: this.lastError, unjournaled: this.unjournaled,
      });
    }
    this.failingSince ??= this.now();
  }

  private recovered(): void {
    this.log.info('appending generation records to the journal works again', { dir: this.dir, unjournaled: this.unjournaled });
    this.failingSince = null;
    this.lastError = null;
    this.unjournaled = 0;
  }
}
