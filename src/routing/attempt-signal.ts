import { GatewayError } from '../spec/errors.js';
import type { Cancellation } from './cancellation.js';

/**
 * An abort controller for one attempt, tied to the client's cancellation and to the attempt's
 * timeouts. Aborts carry a GatewayError as the reason, so the adapter's failure says why.
 */
export class AttemptSignal {
  readonly controller = new AbortController();
  private readonly unsubscribe: () => void;
  private firstTokenTimer: NodeJS.Timeout | undefined;
  private totalTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  /** When the last part arrived (ms); also read for the answer's throughput. */
  lastActivity = 0;

  constructor(cancellation: Cancellation, firstTokenMs: number, totalMs: number) {
    this.unsubscribe = cancellation.onCancel(() => this.abort(new GatewayError('cancelled', 'The client closed the connection')));
    this.firstTokenTimer = setTimeout(() => this.abort(new GatewayError('upstream_timeout', `No first token within ${firstTokenMs} ms`)), firstTokenMs);
    this.totalTimer = setTimeout(() => this.abort(new GatewayError('upstream_timeout', `Upstream took longer than ${totalMs} ms`)), totalMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first token arrived: stop its timer and start watching the gaps between parts. */
  startIdleWatch(idleMs: number): void {
    clearTimeout(this.firstTokenTimer);
    this.firstTokenTimer = undefined;
    this.idleMs = idleMs;
    this.lastActivity = Date.now();
    this.idleTimer = setTimeout(this.checkIdle, idleMs);
  }

  /** Called per received part; cheap (no timer churn per chunk). */
  touch(): void {
    this.lastActivity = Date.now();
  }

  private readonly checkIdle = (): void => {
    const quiet = Date.now() - this.lastActivity;
    if (quiet >= this.idleMs) this.abort(new GatewayError('upstream_timeout', `Upstream sent nothing for ${this.idleMs} ms`));
    else this.idleTimer = setTimeout(this.checkIdle, this.idleMs - quiet);
  };

  abort(reason: GatewayError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
    this.dispose();
  }

  /** Clears timers and the parent listener; the attempt is over. */
  dispose(): void {
    clearTimeout(this.firstTokenTimer);
    clearTimeout(this.totalTimer);
    clearTimeout(this.idleTimer);
    this.unsubscribe();
  }
}
