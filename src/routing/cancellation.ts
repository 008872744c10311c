/**
 * The client going away, as a plain callback list. An AbortSignal per request would do, but
 * in Node 20 creating one costs several microseconds on the hot path; the one real
 * AbortController is made per upstream attempt (undici needs it).
 */
export class Cancellation {
  private cancelledFlag = false;
  private listeners: (() => void)[] = [];

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Runs `listener` on cancel (at once if already cancelled); returns the unsubscribe. */
  onCancel(listener: () => void): () => void {
    if (this.cancelledFlag) {
      listener();
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index !== -1) this.listeners.splice(index, 1);
    };
  }

  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
