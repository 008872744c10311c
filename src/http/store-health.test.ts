import { describe, expect, it } from 'vitest';
import { GenerationWriter, type GenerationJournal } from '../metering/generation-writer.js';
import type { JournalHealth } from '../metering/record-journal.js';
import { FakeGenerationStore } from '../metering/test-support/fake-generation-store.js';
import type { Store } from '../store/store-types.js';
import { checkHealth } from './store-health.js';

/** A journal whose state the test sets (the real one's failures are tested in src/metering). */
class ScriptedJournal implements GenerationJournal {
  state: JournalHealth = { ok: true, lastError: null, failingSince: null, unjournaled: 0 };
  append(): Promise<void> {
    return Promise.resolve();
  }
  committed(): void {}
  sync(): void {}
  health(): JournalHealth {
    return this.state;
  }
}

describe('GET /health and the record journal', () => {
  it('says nothing of a working journal, and degraded (still 200) with the journal\'s error while appends fail', async () => {
    const journal = new ScriptedJournal();
    const generations = new GenerationWriter({ store: new FakeGenerationStore(), journal, logger: { error: () => undefined }, timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const store = { ping: async () => undefined } as unknown as Store;
    expect(await checkHealth({ store, generations })).toEqual({ httpStatus: 200, body: { status: 'ok', store: { ok: true, pending_records: 0, max_pending_records: 50_000 } } });
    journal.state = { ok: false, lastError: 'ENOSPC: no space left on device, write', failingSince: Date.parse('2025-07-08T12:00:00Z'), unjournaled: 3 };
    expect(await checkHealth({ store, generations })).toEqual({
      httpStatus: 200,
      body: {
        status: 'degraded',
        store: { ok: true, pending_records: 0, max_pending_records: 50_000 },
        journal: { ok: false, last_error: 'ENOSPC: no space left on device, write', failing_since: '2025-07-08T12:00:00.000Z', unjournaled_records: 3 },
      },
    });
  });
});
