import type { Picodollars } from '../spec/money.js';
import type { GenerationRecord, GenerationStore, KeyUsage } from '../store/store-types.js';
import type { JournalHealth } from './record-journal.js';
import type { UsagePeriodStarts } from './usage-periods.js';
import { utcDayString } from './usage-periods.js';

/** The slice of a logger the writer needs (`logger.error(details, message)`, pino's order). */
export interface MeteringLogger {
  error(details: Record<string, unknown>, message: string): void;
  info?(details: Record<string, unknown>, message: string): void;
}

/** Timer functions, injectable so tests can fire flushes deterministically. */
export interface WriterTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Where finished records go before their response is sent, so that a process killed outright
 * loses none (record-journal.ts). Optional: without one, a kill loses what is pending.
 */
export interface GenerationJournal {
  /**
   * Takes the record into the journal's next write. Resolves once it is written (never
   * rejects: a failure is the journal's to log and report); the response waits for that.
   */
  append(record: GenerationRecord): Promise<void>;
  /** The batch committed to the store. */
  committed(records: readonly GenerationRecord[]): void;
  /** The writer is about to write a batch: a moment to fsync in the background. */
  sync(): void;
  health(): JournalHealth;
}

export interface GenerationWriterOptions {
  store: GenerationStore;
  journal?: GenerationJournal;
  logger: MeteringLogger;
  /** How long a record may wait for its batch; it is readable through the writer meanwhile. */
  flushIntervalMs?: number;
  /** A queue this long is flushed at once, and no batch is larger. */
  maxBatchSize?: number;
  /** First retry delay after a failed batch; doubles per consecutive failure. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Flush attempts `close()` makes before giving up and reporting what is unwritten. */
  closeAttempts?: number;
  /**
   * The buffer's bound while the store fails: at this many pending records `isFull` turns true
   * and admission refuses new requests. Records are never dropped: running requests still
   * record theirs (so it may be passed by at most the requests in flight).
   */
  maxPendingRecords?: number;
  timers?: WriterTimers;
  /**
   * Called with each batch once it committed (stats are fed from here, off the request path).
   * It must not throw; an exception is logged and the batch stays committed.
   */
  onCommitted?: (batch: readonly GenerationRecord[]) => void;
}

/** Node timers, unref'd so a pending flush never keeps the process alive: call close() on shutdown. */
const nodeTimers: WriterTimers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface KeyPending {
  total: Picodollars;
  records: Set<GenerationRecord>;
}

/** The writer's view of the store, for `/health`. */
export interface WriterHealth {
  /** False from a failed batch until a batch commits again. */
  storeOk: boolean;
  pendingRecords: number;
  maxPendingRecords: number;
  /** The last failed batch's error message, null once a batch commits. */
  lastError: string | null;
  /** Unix ms of the first failure of the current run of failures. */
  failingSince: number | null;
  /** The journal's state; absent without a journal. */
  journal?: JournalHealth;
}

/** Consistent-read attempts before readKeyUsage settles for a possibly racing answer. */
const CONSISTENT_READ_ATTEMPTS = 5;

/**
 * Keeps SQLite off the request path while making records readable the moment a response ends:
 * `record()` only touches memory (and appends one line to the journal, when there is one, so a
 * killed process's records are replayed by another); batches are written on a short timer. A record leaves the
 * pending map only after its batch committed, so pending + stored never loses or double counts
 * it, and a failed batch stays pending and is retried, never dropped.
 */
export class GenerationWriter {
  private readonly store: GenerationStore;
  private readonly journal: GenerationJournal | undefined;
  private readonly logger: MeteringLogger;
  private readonly timers: WriterTimers;
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly closeAttempts: number;
  private readonly onCommitted: ((batch: readonly GenerationRecord[]) => void) | undefined;

  private readonly pending = new Map<string, GenerationRecord>();
  private readonly pendingByKey = new Map<string, KeyPending>();
  /** Pending records not in the batch being written, oldest first. */
  private queue: GenerationRecord[] = [];
  private drainInFlight: Promise<void> | undefined;
  private batchInFlight: Promise<void> | undefined;
  private batchesStarted = 0;
  private timer: unknown;
  private batchLimit: number;
  private consecutiveFailures = 0;
  private closed = false;
  private readonly maxPendingRecords: number;
  private lastError: string | null = null;
  private failingSince: number | null = null;

  constructor(options: GenerationWriterOptions) {
    this.store = options.store;
    this.journal = options.journal;
    this.logger = options.logger;
    this.timers = options.timers ?? nodeTimers;
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 256);
    this.retryDelayMs = options.retryDelayMs ?? 250;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.closeAttempts = Math.max(1, options.closeAttempts ?? 3);
    this.batchLimit = this.maxBatchSize;
    this.onCommitted = options.onCommitted;
    this.maxPendingRecords = Math.max(1, options.maxPendingRecords ?? 50_000);
  }

  /** True when the buffer of unwritten records reached its bound: admit no new requests. */
  get isFull(): boolean {
    return this.pending.size >= this.maxPendingRecords;
  }

  health(): WriterHealth {
    return {
      storeOk: this.consecutiveFailures === 0,
      pendingRecords: this.pending.size,
      maxPendingRecords: this.maxPendingRecords,
      lastError: this.lastError,
      failingSince: this.failingSince,
      ...(this.journal !== undefined ? { journal: this.journal.health() } : {}),
    };
  }

  /**
   * Retries a failing store now rather than at the end of the backoff (the store answered a
   * health probe again); a no-op while the store is fine or a write is running.
   */
  retryNow(): void {
    if (this.consecutiveFailures === 0 || this.drainInFlight !== undefined || this.queue.length === 0) return;
    this.cancelTimer();
    this.startBackgroundDrain();
  }

  /** Number of records not yet committed to the store. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Accepts a finished generation in O(1); the caller must not mutate it afterwards. With a
   * journal, returns when the record is journaled: send the response after that, so a process
   * killed once a client has its answer has the record on disk.
   */
  record(record: GenerationRecord): Promise<void> | undefined {
    if (this.closed) throw new Error('GenerationWriter is closed');
    if (this.pending.has(record.id)) {
      // Recording twice would debit twice; the first record wins.
      this.logger.error({ generationId: record.id }, 'duplicate generation record ignored');
      return undefined;
    }
    const journaled = this.journal?.append(record);
    this.pending.set(record.id, record);
    this.queue.push(record);
    let keyPending = this.pendingByKey.get(record.apiKeyHash);
    if (keyPending === undefined) {
      keyPending = { total: 0n, records: new Set() };
      this.pendingByKey.set(record.apiKeyHash, keyPending);
    }
    keyPending.total += record.totalCost;
    keyPending.records.add(record);

    // While the store is failing, wait for the retry timer rather than hammering it.
    if (this.queue.length >= this.maxBatchSize && this.consecutiveFailures === 0) this.startBackgroundDrain();
    else this.schedule(this.flushIntervalMs);
    return journaled;
  }

  /** The record by id: pending first, then the store, so it is found as soon as it was recorded. */
  async get(id: string): Promise<GenerationRecord | undefined> {
    return this.pending.get(id) ?? (await this.store.getGeneration(id));
  }

  /** Cost of a key's records not yet in the store, to add to what the store reports. */
  pendingUsage(apiKeyHash: string): Picodollars {
    return this.pendingByKey.get(apiKeyHash)?.total ?? 0n;
  }

  /** A key's pending cost split by period the way the store splits it: by each record's UTC day. */
  pendingKeyUsage(apiKeyHash: string, since: UsagePeriodStarts): KeyUsage {
    const usage: KeyUsage = { total: 0n, daily: 0n, weekly: 0n, monthly: 0n };
    for (const record of this.pendingByKey.get(apiKeyHash)?.records ?? []) {
      const day = utcDayString(record.createdAt);
      usage.total += record.totalCost;
      if (day >= since.day) usage.daily += record.totalCost;
      if (day >= since.week) usage.weekly += record.totalCost;
      if (day >= since.month) usage.monthly += record.totalCost;
    }
    return usage;
  }

  /**
   * Stored plus pending usage from one consistent snapshot: a batch committing while the store
   * is read could otherwise be counted twice or not at all, so such a read is repeated.
   */
  async readKeyUsage(
    apiKeyHash: string,
    since: UsagePeriodStarts,
    readStored: () => Promise<KeyUsage>,
  ): Promise<KeyUsage> {
    return this.readWithPending(readStored, (stored) => {
      const pending = this.pendingKeyUsage(apiKeyHash, since);
      return {
        total: stored.total + pending.total,
        daily: stored.daily + pending.daily,
        weekly: stored.weekly + pending.weekly,
        monthly: stored.monthly + pending.monthly,
      };
    });
  }

  /**
   * Reads the store and combines it with pending records as one consistent snapshot. `combine`
   * runs synchronously right after the stored read is known to be consistent, so a caller can
   * start tracking records recorded after that moment without missing or double counting any:
   * every record recorded before `combine` runs is in `stored` or still pending.
   */
  async readWithPending<Stored, Result>(
    readStored: () => Promise<Stored>,
    combine: (stored: Stored, pendingRecords: () => Iterable<GenerationRecord>, pendingOfKey: (apiKeyHash: string) => Iterable<GenerationRecord>) => Result,
  ): Promise<Result> {
    let stored: Stored;
    for (let attempt = 1; ; attempt += 1) {
      if (this.batchInFlight !== undefined) await this.batchInFlight.catch(() => undefined);
      const batchesBefore = this.batchesStarted;
      const quiet = this.batchInFlight === undefined;
      stored = await readStored();
      if ((quiet && this.batchesStarted === batchesBefore) || attempt >= CONSISTENT_READ_ATTEMPTS) break;
    }
    return combine(
      stored,
      () => this.pending.values(),
      (apiKeyHash) => this.pendingByKey.get(apiKeyHash)?.records ?? [],
    );
  }

  /** Pending records, newest last (for recent-generation listings). */
  pendingRecords(): IterableIterator<GenerationRecord> {
    return this.pending.values();
  }

  /** Writes every pending record now; rejects (records kept, retry scheduled) if a batch fails. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.drainInFlight !== undefined) {
        await this.drainInFlight;
        continue;
      }
      if (this.queue.length === 0) return;
      await this.drain();
    }
  }

  /** Flushes everything and stops the timer; rejects, naming what is unwritten, if the store keeps failing. */
  async close(): Promise<void> {
    this.closed = true;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.closeAttempts; attempt += 1) {
      try {
        await this.flush();
        this.cancelTimer();
        return;
      } catch (error) {
        lastError = error;
        if (attempt < this.closeAttempts) await this.sleep(this.retryDelay());
      }
    }
    this.cancelTimer();
    throw new Error(`GenerationWriter closed with ${this.pending.size} unwritten generation records`, {
      cause: lastError,
    });
  }

  private startBackgroundDrain(): void {
    // Failures are logged in drain(); the records stay queued for the retry.
    this.drain().catch(() => undefined);
  }

  private drain(): Promise<void> {
    if (this.drainInFlight === undefined) {
      this.drainInFlight = this.writeQueuedBatches().finally(() => {
        this.drainInFlight = undefined;
      });
    }
    return this.drainInFlight;
  }

  private async writeQueuedBatches(): Promise<void> {
    this.cancelTimer();
    this.journal?.sync();
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchLimit);
      this.queue = this.queue.slice(batch.length);
      this.batchesStarted += 1;
      this.batchInFlight = this.store.insertGenerations(batch);
      try {
        await this.batchInFlight;
      } catch (error) {
        this.requeueFailedBatch(batch, error);
        throw error;
      } finally {
        this.batchInFlight = undefined;
      }
      this.forgetCommitted(batch);
      this.journal?.committed(batch);
      this.notifyCommitted(batch);
      if (this.consecutiveFailures > 0) {
        this.logger.info?.({ pendingRecords: this.pending.size }, 'writing generation records works again; flushing what is pending');
      }
      this.consecutiveFailures = 0;
      this.lastError = null;
      this.failingSince = null;
      this.batchLimit = Math.min(this.maxBatchSize, this.batchLimit * 2);
    }
  }

  private notifyCommitted(batch: GenerationRecord[]): void {
    if (this.onCommitted === undefined) return;
    try {
      this.onCommitted(batch);
    } catch (error) {
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'generation commit observer failed');
    }
  }

  private requeueFailedBatch(batch: GenerationRecord[], error: unknown): void {
    this.consecutiveFailures += 1;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failingSince ??= Date.now();
    // Halving isolates a record the store rejects; once it fails alone it moves behind the
    // others, so one bad record cannot hold every later record back.
    if (batch.length === 1) this.queue = [...this.queue, ...batch];
    else this.queue = [...batch, ...this.queue];
    this.batchLimit = Math.max(1, Math.floor(batch.length / 2));
    const retryInMs = this.retryDelay();
    this.logger.error(
      {
        error: error instanceof Error ? error.message : String(error),
        batchSize: batch.length,
        pendingRecords: this.pending.size,
        consecutiveFailures: this.consecutiveFailures,
        retryInMs,
      },
      'writing generation records failed; kept pending for retry',
    );
    // A flush-interval timer set by record() meanwhile must not cut the backoff short.
    this.cancelTimer();
    this.schedule(retryInMs);
  }

  private forgetCommitted(batch: GenerationRecord[]): void {
    for (const record of batch) {
      if (this.pending.get(record.id) !== record) continue;
      this.pending.delete(record.id);
      const keyPending = this.pendingByKey.get(record.apiKeyHash);
      if (keyPending === undefined) continue;
      keyPending.total -= record.totalCost;
      keyPending.records.delete(record);
      if (keyPending.records.size === 0) this.pendingByKey.delete(record.apiKeyHash);
    }
  }

  private retryDelay(): number {
    const exponent = Math.max(0, this.consecutiveFailures - 1);
    return Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** Math.min(exponent, 30));
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.startBackgroundDrain();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.timers.setTimeout(resolve, delayMs);
    });
  }
}
