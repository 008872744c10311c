import type { CallSignal } from '../providers/provider-adapter.js';

/**
 * The abort signal of one upstream attempt: what adapters and undici read of an AbortSignal
 * (`aborted`, `reason`, abort listeners), as a plain object. Node 20's AbortSignal is an
 * EventTarget that survives young-generation GC: one per request cost ~2.7 µs and left ~700
 * bytes of promoted garbage, most of what the gateway promoted (BENCHMARKS.md), so the peak
 * heap grew between major GCs. Listeners run once, in the order added, with no argument.
 */
export class CallAbortSignal implements CallSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const index = listeners.indexOf(listener);
    if (index >= 0) listeners.splice(index, 1);
  }

  /** Fires once: later calls keep the first reason. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners === undefined) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As an EventTarget does: a throwing listener neither stops the others nor the caller.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
