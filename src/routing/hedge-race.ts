import { GatewayError } from '../spec/errors.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { ContextFloor, type ExecuteInput, type RunningAttempt } from './attempt-lifecycle.js';
import type { ErrorClass } from './classify-error.js';
import type { Attempt } from './plan-attempts.js';

/** How one attempt ended its first phase (the whole answer, or a stream's first part). Never a throw. */
export type Settled<T> =
  | { ok: true; value: T; outcome: AttemptOutcome }
  | { ok: false; attempt: Attempt; error: GatewayError; verdict: ErrorClass };

/** An attempt in flight and the promise of how it settles. */
export interface Racer<T> {
  running: RunningAttempt;
  result: Promise<Settled<T>>;
}

/** The next attempts, in plan order, minus those too small after a context-length failure. */
export class AttemptQueue {
  readonly floor = new ContextFloor();
  private index = 0;

  constructor(private readonly attempts: Attempt[]) {}

  next(): Attempt | undefined {
    while (this.index < this.attempts.length) {
      const attempt = this.attempts[this.index++] as Attempt;
      if (!this.floor.skips(attempt)) return attempt;
    }
    return undefined;
  }

  hasNext(): boolean {
    for (let index = this.index; index < this.attempts.length; index++) if (!this.floor.skips(this.attempts[index] as Attempt)) return true;
    return false;
  }
}

/** Without TTFT data for an endpoint, a hedge starts after this long. */
const DEFAULT_HEDGE_DELAY_MS = 2_000;

/**
 * Hedging: when the first attempt has not answered after its endpoint's p90 time to first
 * token, the next attempt starts too; the first to answer wins and the other is aborted (never
 * billed: only the winner is metered). One timer, only for hedged requests.
 */
export async function hedgeRace<T>(input: ExecuteInput, first: Racer<T>, queue: AttemptQueue, start: (attempt: Attempt) => Racer<T>, release: (value: T) => void): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, hedgeDelayMs(input, first.running.attempt), null);
  });
  const early = await Promise.race([first.result, fired]);
  clearTimeout(timer);
  if (early !== null) return early;
  const nextAttempt = queue.next();
  if (!nextAttempt) return first.result;
  const racers = [first, start(nextAttempt)] as const;
  const tagged = racers.map((racer, index) => racer.result.then((result) => ({ result, index })));
  const winner = await Promise.race(tagged);
  if (winner.result.ok) {
    const loser = racers[1 - winner.index] as Racer<T>;
    abandon(loser, release);
    // The abort settles it at once; waiting keeps its outcome in the generation record.
    await loser.result;
    return winner.result;
  }
  const other = await (tagged[1 - winner.index] as Promise<{ result: Settled<T>; index: number }>);
  if (!other.result.ok && winner.result.verdict === 'context_length') queue.floor.raise(winner.result.attempt, winner.result.error);
  return other.result;
}

function hedgeDelayMs(input: ExecuteInput, attempt: Attempt): number {
  const p90 = input.health?.state(attempt.endpoint.id)?.latencyMs('p90', (input.healthNow ?? input.now)());
  return Math.min(p90 ?? DEFAULT_HEDGE_DELAY_MS, attempt.endpoint.provider.timeouts.firstTokenMs);
}

/** The losing attempt: aborted; if it had just answered anyway, its outcome says it lost. */
function abandon<T>(loser: Racer<T>, release: (value: T) => void): void {
  const reason = new GatewayError('cancelled', 'Lost the hedge race to a faster endpoint');
  loser.running.lostHedge = true;
  void loser.result.then((result) => {
    if (!result.ok) return;
    result.outcome.status = null;
    result.outcome.error = reason;
    release(result.value);
  });
  loser.running.signal.abort(reason);
}
