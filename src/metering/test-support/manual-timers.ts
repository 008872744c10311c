import type { MeteringLogger, WriterTimers } from '../generation-writer.js';

interface ScheduledCallback {
  dueAt: number;
  delayMs: number;
  callback: () => void;
}

/** Lets every promise continuation queued so far run (store calls resolve in microtasks). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Timers that only fire when a test advances the clock, so flush timing is deterministic. */
export class ManualTimers implements WriterTimers {
  now = 0;
  private nextHandle = 1;
  private readonly scheduled = new Map<number, ScheduledCallback>();

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle;
    this.nextHandle += 1;
    this.scheduled.set(handle, { dueAt: this.now + delayMs, delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.scheduled.delete(handle);
  }

  /** Delays of the timers still waiting, in scheduling order. */
  pendingDelays(): number[] {
    return [...this.scheduled.values()].map((entry) => entry.delayMs);
  }

  /** Moves the clock forward, firing due timers in order and settling after each. */
  async advance(milliseconds: number): Promise<void> {
    const target = this.now + milliseconds;
    for (;;) {
      let earliest: [number, ScheduledCallback] | undefined;
      for (const entry of this.scheduled) {
        if (entry[1].dueAt <= target && (earliest === undefined || entry[1].dueAt < earliest[1].dueAt)) earliest = entry;
      }
      if (earliest === undefined) break;
      this.scheduled.delete(earliest[0]);
      this.now = earliest[1].dueAt;
      earliest[1].callback();
      await settle();
    }
    this.now = target;
  }
}

/** A logger that remembers what it was told. */
export class RecordingLogger implements MeteringLogger {
  readonly errors: { details: Record<string, unknown>; message: string }[] = [];

  error(details: Record<string, unknown>, message: string): void {
    this.errors.push({ details, message });
  }
}
