/**
 * Counts route handlers still running, so shutdown can wait for them: a handler whose client
 * was cut still has to record its (cancelled) generation after the socket is gone, and the
 * generation writer must not close before that record arrives.
 */
export class InFlightRequests {
  private running = 0;
  private waiters: (() => void)[] = [];

  track(handling: Promise<void>): void {
    this.running += 1;
    void handling.finally(() => {
      this.running -= 1;
      if (this.running === 0) this.release();
    });
  }

  /** Resolves once no handler is running. */
  whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
