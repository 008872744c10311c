import type { GenerationRecord, GenerationStore } from '../../store/store-types.js';

/**
 * An in-memory GenerationStore for metering tests: batches are all-or-nothing like a SQLite
 * transaction, a duplicate id fails the batch like a primary key would, and failures can be
 * scripted to exercise retries.
 */
export class FakeGenerationStore implements GenerationStore {
  readonly records = new Map<string, GenerationRecord>();
  /** Every batch the store was asked to insert, failed ones included. */
  readonly insertCalls: GenerationRecord[][] = [];
  private failuresLeft = 0;
  private readonly poisonIds = new Set<string>();
  private pendingInsert: { release: () => void; promise: Promise<void> } | undefined;

  /** The next `count` inserts fail as if the database were locked. */
  failNextInserts(count: number): void {
    this.failuresLeft = count;
  }

  /** Any batch containing this id fails, as a record the database rejects would. */
  rejectRecord(id: string): void {
    this.poisonIds.add(id);
  }

  /** Inserts wait until `release()` is called, to observe the store mid-commit. */
  holdInserts(): { release: () => void } {
    let release = (): void => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.pendingInsert = { release, promise };
    return { release: () => { this.pendingInsert = undefined; release(); } };
  }

  async insertGenerations(records: GenerationRecord[]): Promise<void> {
    this.insertCalls.push([...records]);
    if (this.pendingInsert) await this.pendingInsert.promise;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('SQLITE_BUSY: database is locked');
    }
    for (const record of records) {
      if (this.poisonIds.has(record.id)) throw new Error(`CHECK constraint failed for ${record.id}`);
      if (this.records.has(record.id)) throw new Error(`UNIQUE constraint failed: generations.id ${record.id}`);
    }
    for (const record of records) this.records.set(record.id, record);
  }

  async getGeneration(id: string): Promise<GenerationRecord | undefined> {
    return this.records.get(id);
  }

  async listGenerations(options: { apiKeyHash?: string; limit: number; before?: number }): Promise<GenerationRecord[]> {
    return [...this.records.values()]
      .filter((record) => options.apiKeyHash === undefined || record.apiKeyHash === options.apiKeyHash)
      .filter((record) => options.before === undefined || record.createdAt < options.before)
      .sort((left, right) => right.createdAt - left.createdAt)
      .slice(0, options.limit);
  }

  /** Sum of stored costs for a key, as the store's usage rollup would report it. */
  storedUsage(apiKeyHash: string): bigint {
    let total = 0n;
    for (const record of this.records.values()) if (record.apiKeyHash === apiKeyHash) total += record.totalCost;
    return total;
  }
}
