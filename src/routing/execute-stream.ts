import type { AssistantMessage, ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import { isContentPart, type StreamPart } from '../spec/stream-part.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { allFailed, attemptError, ContextFloor, failAttempt, reportFailure, startAttempt, succeedAttempt, type ExecuteInput, type RunningAttempt } from './attempt-lifecycle.js';
import type { ErrorClass } from './classify-error.js';
import type { Attempt } from './plan-attempts.js';

/** An earlier leg of a resumed stream: billed for the text it produced before it broke. */
export interface StreamLeg {
  attempt: Attempt;
  /** The text it streamed (content deltas), for counting its completion tokens. */
  text: string;
}

export interface StreamExecution {
  /** The attempt serving the stream now (a resumed stream moves on to the next one). */
  attempt: Attempt;
  outcomes: AttemptOutcome[];
  /** When the winning attempt's first part arrived (ms). */
  firstPartAt: number;
  /** The committed stream: buffered head parts, then the rest, with idle/total timeouts. */
  parts: AsyncGenerator<StreamPart, void, undefined>;
  /** Legs that broke before `attempt` took over (mid-stream failover); empty otherwise. */
  legs: StreamLeg[];
  /** Aborts the upstream call (client went away). */
  abort(reason: GatewayError): void;
}

/** An attempt whose stream has produced its first content part (or its finish). */
interface OpenedAttempt {
  running: RunningAttempt;
  iterator: AsyncIterator<StreamPart>;
  head: StreamPart[];
  firstPartAt: number;
  outcome: AttemptOutcome;
}

type OpenResult = { ok: true; opened: OpenedAttempt } | { ok: false; attempt: Attempt; error: GatewayError; verdict: ErrorClass };

interface PendingAttempt {
  running: RunningAttempt;
  result: Promise<OpenResult>;
}

/** Without TTFT data for an endpoint, a hedge starts after this long. */
const DEFAULT_HEDGE_DELAY_MS = 2_000;

/**
 * Runs a streamed request: an attempt is committed when its first content part (or its
 * finish) arrives; until then a failure falls back to the next attempt. With hedging, a slow
 * first token starts the next attempt too and the first to stream wins. With resume, a stream
 * that breaks after committing continues on the next attempt, primed with the partial answer.
 */
export async function executeStream(input: ExecuteInput): Promise<StreamExecution> {
  const outcomes: AttemptOutcome[] = input.outcomes ?? [];
  const queue = new AttemptQueue(input.plan.attempts);
  const opened = await openFirst(input, input.request, queue, outcomes, input.plan.hedge);
  if (!opened) throw allFailed(outcomes, queue.floor);
  let current = opened;
  const execution: StreamExecution = {
    attempt: opened.running.attempt,
    outcomes,
    firstPartAt: opened.firstPartAt,
    legs: [],
    parts: undefined as unknown as StreamExecution['parts'],
    abort: (reason) => current.running.signal.abort(reason),
  };
  execution.parts = (async function* committedParts(): AsyncGenerator<StreamPart, void, undefined> {
    let answer = '';
    try {
      for (;;) {
        const leg = { text: '', resumable: input.plan.resume };
        const failure = yield* relayLeg(input, current, leg);
        if (!failure) return;
        if (failure.kind !== 'cancelled') reportFailure(input, current.running.attempt, failure);
        current.outcome.error = failure;
        answer += leg.text;
        const next = leg.resumable && !input.cancellation.cancelled ? await openContinuation(input, queue, outcomes, answer) : null;
        if (!next) {
          yield { type: 'error', error: failure };
          return;
        }
        execution.legs.push({ attempt: current.running.attempt, text: leg.text });
        closeLeg(current);
        current = next;
        execution.attempt = next.running.attempt;
      }
    } finally {
      closeLeg(current);
    }
  })();
  return execution;
}

/** Streams one leg's parts; returns its failure, or undefined when it ended normally. */
async function* relayLeg(input: ExecuteInput, opened: OpenedAttempt, leg: { text: string; resumable: boolean }): AsyncGenerator<StreamPart, GatewayError | undefined, undefined> {
  const { signal } = opened.running;
  let contentParts = 0;
  for (const part of opened.head) {
    if (leg.resumable) track(part, leg);
    if (isContentPart(part)) contentParts += 1;
    yield part;
  }
  for (;;) {
    let next: IteratorResult<StreamPart>;
    try {
      next = await opened.iterator.next();
    } catch (caught) {
      return attemptError(caught, signal);
    }
    if (next.done) break;
    signal.touch();
    const part = next.value;
    if (part.type === 'error') return part.error;
    if (leg.resumable) track(part, leg);
    if (part.type !== 'finish' && part.type !== 'response-metadata') contentParts += 1;
    // No early return after `finish`: the adapter still reads the rest of the body (usage
    // after the finish, `[DONE]`), and stopping it early would close a reusable connection.
    yield part;
  }
  const seconds = (signal.lastActivity - opened.firstPartAt) / 1000;
  if (input.health && contentParts > 1 && seconds > 0) {
    input.health.recordThroughput(opened.running.attempt.endpoint.id, (contentParts - 1) / seconds, (input.healthNow ?? input.now)());
  }
  return undefined;
}

/** Text so far, for a continuation's prefill; tool calls and refusals cannot be resumed. */
function track(part: StreamPart, leg: { text: string; resumable: boolean }): void {
  if (part.type === 'text-delta') leg.text += part.delta;
  else if (part.type === 'tool-call-delta' || part.type === 'refusal-delta') leg.resumable = false;
}

function closeLeg(opened: OpenedAttempt): void {
  opened.running.signal.dispose();
  void opened.iterator.return?.();
}

/** The next attempts, in plan order, minus those too small after a context-length failure. */
class AttemptQueue {
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

/** Tries attempts in order (hedging when asked) until one commits; throws the client's errors; null when all failed. */
async function openFirst(input: ExecuteInput, request: ChatRequest, queue: AttemptQueue, outcomes: AttemptOutcome[], hedge: boolean): Promise<OpenedAttempt | null> {
  for (let attempt = queue.next(); attempt; attempt = queue.next()) {
    const pending = openAttempt(input, attempt, request, outcomes);
    const result = hedge && queue.hasNext() ? await hedgeRace(input, request, pending, queue, outcomes) : await pending.result;
    if (result.ok) return result.opened;
    if (result.verdict === 'client') throw result.error;
    if (result.verdict === 'context_length') queue.floor.raise(result.attempt, result.error);
  }
  return null;
}

function openAttempt(input: ExecuteInput, attempt: Attempt, request: ChatRequest, outcomes: AttemptOutcome[]): PendingAttempt {
  const running = startAttempt(input, attempt);
  return { running, result: readHead(input, running, request, outcomes) };
}

/** Starts the stream and reads until its first content part (or finish). Never throws. */
async function readHead(input: ExecuteInput, running: RunningAttempt, request: ChatRequest, outcomes: AttemptOutcome[]): Promise<OpenResult> {
  let iterator: AsyncIterator<StreamPart> | undefined;
  try {
    const parts = await running.adapter.stream(request, running.call);
    iterator = parts[Symbol.asyncIterator]();
    const head: StreamPart[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) throw new GatewayError('upstream_connection', 'The upstream stream ended before any content');
      const part = next.value;
      if (part.type === 'error') throw part.error;
      head.push(part);
      if (isContentPart(part) || part.type === 'finish') break;
    }
    const firstPartAt = input.now();
    succeedAttempt(input, outcomes, running, firstPartAt);
    running.signal.startIdleWatch(running.attempt.endpoint.provider.timeouts.idleMs);
    return { ok: true, opened: { running, iterator, head, firstPartAt, outcome: outcomes[outcomes.length - 1] as AttemptOutcome } };
  } catch (caught) {
    void iterator?.return?.();
    const { error, verdict } = failAttempt(input, outcomes, running, caught);
    return { ok: false, attempt: running.attempt, error, verdict };
  }
}

/**
 * Hedging: when the first attempt has no token after its endpoint's p90 time to first token,
 * the next attempt starts too; the first to stream wins and the other is aborted (never
 * billed: only the winner is metered). One timer, only for hedged requests.
 */
async function hedgeRace(input: ExecuteInput, request: ChatRequest, first: PendingAttempt, queue: AttemptQueue, outcomes: AttemptOutcome[]): Promise<OpenResult> {
  let timer: NodeJS.Timeout | undefined;
  const fired = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, hedgeDelayMs(input, first.running.attempt), null);
  });
  const early = await Promise.race([first.result, fired]);
  clearTimeout(timer);
  if (early !== null) return early;
  const nextAttempt = queue.next();
  if (!nextAttempt) return first.result;
  const second = openAttempt(input, nextAttempt, request, outcomes);
  const racers = [first, second] as const;
  const tagged = racers.map((racer, index) => racer.result.then((result) => ({ result, index })));
  const winner = await Promise.race(tagged);
  if (winner.result.ok) {
    abandon(racers[1 - winner.index] as PendingAttempt);
    return winner.result;
  }
  const other = await (tagged[1 - winner.index] as Promise<{ result: OpenResult; index: number }>);
  if (other.result.ok || winner.result.verdict !== 'context_length') return other.result;
  queue.floor.raise(winner.result.attempt, winner.result.error);
  return other.result;
}

function hedgeDelayMs(input: ExecuteInput, attempt: Attempt): number {
  const p90 = input.health?.state(attempt.endpoint.id)?.latencyMs('p90', (input.healthNow ?? input.now)());
  return Math.min(p90 ?? DEFAULT_HEDGE_DELAY_MS, attempt.endpoint.provider.timeouts.firstTokenMs);
}

/** The losing attempt of a hedge: aborted; if it had just committed, its outcome says it lost. */
function abandon(loser: PendingAttempt): void {
  const reason = new GatewayError('cancelled', 'Lost the hedge race to a faster endpoint');
  loser.running.lostHedge = true;
  void loser.result.then((result) => {
    if (!result.ok) return;
    result.opened.outcome.status = null;
    result.opened.outcome.error = reason;
    closeLeg(result.opened);
  });
  loser.running.signal.abort(reason);
}

/**
 * Mid-stream failover: the next attempt gets the conversation plus the partial answer as an
 * assistant prefill, so its output continues the answer rather than restarting it.
 */
async function openContinuation(input: ExecuteInput, queue: AttemptQueue, outcomes: AttemptOutcome[], answer: string): Promise<OpenedAttempt | null> {
  if (!queue.hasNext()) return null;
  const prefill: AssistantMessage = { role: 'assistant', content: answer === '' ? [] : [{ type: 'text', text: answer }], toolCalls: [] };
  const request: ChatRequest = { ...input.request, messages: [...input.request.messages, prefill] };
  try {
    return await openFirst(input, request, queue, outcomes, false);
  } catch {
    // A client-class failure of the continuation (a 400 about the prefill, say) ends the
    // resume attempt; the client sees the original break.
    return null;
  }
}
