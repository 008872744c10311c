import type { AssistantMessage, ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import { ALREADY_READY, ITERATION_DONE, nextOf, takeReady, type ReadyIterator } from '../spec/ready-iterator.js';
import { isContentPart, type StreamPart } from '../spec/stream-part.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { allFailed, attemptError, failAttempt, reportFailure, startAttempt, succeedAttempt, type ExecuteInput, type RunningAttempt } from './attempt-lifecycle.js';
import { AttemptQueue, hedgeRace, type Racer, type Settled } from './hedge-race.js';
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
  parts: AsyncIterableIterator<StreamPart> & ReadyIterator<StreamPart>;
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

type OpenResult = Settled<OpenedAttempt>;


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
  const state = { current: opened };
  const execution: StreamExecution = {
    attempt: opened.running.attempt,
    outcomes,
    firstPartAt: opened.firstPartAt,
    legs: [],
    parts: undefined as unknown as StreamExecution['parts'],
    abort: (reason) => state.current.running.signal.abort(reason),
  };
  execution.parts = new CommittedStream(input, execution, state, queue);
  return execution;
}

/** What the current leg has streamed so far: its text (for a resume's prefill) and content parts. */
interface LegProgress {
  text: string;
  resumable: boolean;
  contentParts: number;
  /** How many of the leg's head parts were handed out. */
  headTaken: number;
}

/**
 * The committed stream, one iterator for every leg, hand-written so that a part the leg's
 * iterator already holds is handed over synchronously (`takeReady`: this runs per streamed
 * token). A leg that breaks is resumed on the next attempt when asked for; otherwise its
 * failure ends the stream as an `error` part. Failures and the end of a leg always take the
 * awaited path (`whenReady`, which settles them), never the synchronous one.
 */
class CommittedStream implements AsyncIterableIterator<StreamPart>, ReadyIterator<StreamPart> {
  private leg: LegProgress;
  /** A step of the leg's iterator that only the awaited path may handle (its end or failure). */
  private stashed: { step: IteratorResult<StreamPart> } | { error: unknown } | undefined;
  /** A part the awaited path produced: the failure that ended the stream, or an awaited part. */
  private pending: StreamPart | undefined;
  private answer = '';
  private closed = false;

  constructor(
    private readonly input: ExecuteInput,
    private readonly execution: StreamExecution,
    private readonly state: { current: OpenedAttempt },
    private readonly queue: AttemptQueue,
  ) {
    this.leg = newLeg(input);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StreamPart> {
    return this;
  }

  takeReady(): IteratorResult<StreamPart> | undefined {
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      return { done: false, value: pending };
    }
    if (this.closed) return ITERATION_DONE;
    if (this.stashed !== undefined) return undefined;
    const current = this.state.current;
    const leg = this.leg;
    if (leg.headTaken < current.head.length) {
      const part = current.head[leg.headTaken++] as StreamPart;
      this.count(part);
      return { done: false, value: part };
    }
    let step: IteratorResult<StreamPart> | undefined;
    try {
      step = takeReady(current.iterator);
    } catch (error) {
      this.stashed = { error };
      return undefined;
    }
    if (step === undefined) return undefined;
    if (step.done === true || step.value.type === 'error') {
      this.stashed = { step };
      return undefined;
    }
    return { done: false, value: this.accept(step.value) };
  }

  whenReady(): Promise<void> {
    if (this.pending !== undefined || this.closed) return ALREADY_READY;
    if (this.stashed !== undefined) return this.settle();
    const iterator = this.state.current.iterator as Partial<ReadyIterator<StreamPart>> & AsyncIterator<StreamPart>;
    if (iterator.whenReady !== undefined) return iterator.whenReady();
    return this.awaitPart(iterator);
  }

  next(): Promise<IteratorResult<StreamPart>> {
    return nextOf(this);
  }

  /** The consumer stopped early (or the response failed): closes the leg, cancelling its call. */
  return(): Promise<IteratorResult<StreamPart>> {
    this.close();
    return Promise.resolve(ITERATION_DONE);
  }

  /** A leg iterator without a fast path: its next step, awaited. */
  private async awaitPart(iterator: AsyncIterator<StreamPart>): Promise<void> {
    let step: IteratorResult<StreamPart>;
    try {
      step = await iterator.next();
    } catch (error) {
      this.stashed = { error };
      return;
    }
    if (step.done === true || step.value.type === 'error') this.stashed = { step };
    else this.pending = this.accept(step.value);
  }

  /**
   * The leg ended or broke. No early end after `finish`: the adapter still reads the rest of
   * the body (usage after the finish, `[DONE]`), so the end is the leg's iterator ending.
   */
  private async settle(): Promise<void> {
    const stashed = this.stashed as NonNullable<CommittedStream['stashed']>;
    this.stashed = undefined;
    const current = this.state.current;
    let failure: GatewayError;
    if ('error' in stashed) failure = attemptError(stashed.error, current.running.signal);
    else if (stashed.step.done === true) {
      recordThroughput(this.input, current, this.leg.contentParts);
      this.close();
      return;
    } else failure = (stashed.step.value as Extract<StreamPart, { type: 'error' }>).error;
    await this.breakLeg(current, failure);
  }

  /** A content part of the running leg: the leg is alive, and its text is kept for a resume. */
  private accept(part: StreamPart): StreamPart {
    this.state.current.running.signal.touch();
    this.count(part);
    return part;
  }

  private count(part: StreamPart): void {
    const leg = this.leg;
    if (leg.resumable) track(part, leg);
    if (isContentPart(part)) leg.contentParts += 1;
  }

  /**
   * The leg broke: the next attempt continues the answer when a resume was asked for and one
   * opens; otherwise the failure is the stream's last part.
   */
  private async breakLeg(current: OpenedAttempt, failure: GatewayError): Promise<void> {
    const { input, execution, leg } = this;
    if (failure.kind !== 'cancelled') reportFailure(input, current.running.attempt, failure);
    current.outcome.error = failure;
    this.answer += leg.text;
    const next = leg.resumable && !input.cancellation.cancelled ? await openContinuation(input, this.queue, execution.outcomes, this.answer) : null;
    if (!next) {
      this.pending = { type: 'error', error: failure };
      this.close();
      return;
    }
    execution.legs.push({ attempt: current.running.attempt, text: leg.text });
    closeLeg(current);
    this.state.current = next;
    execution.attempt = next.running.attempt;
    this.leg = newLeg(input);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    closeLeg(this.state.current);
  }
}

function newLeg(input: ExecuteInput): LegProgress {
  return { text: '', resumable: input.plan.resume, contentParts: 0, headTaken: 0 };
}

/** Output tokens per second of a finished leg, from its content parts (about one token each). */
function recordThroughput(input: ExecuteInput, opened: OpenedAttempt, contentParts: number): void {
  const seconds = (opened.running.signal.lastActivity - opened.firstPartAt) / 1000;
  if (input.health && contentParts > 1 && seconds > 0) {
    input.health.recordThroughput(opened.running.attempt.endpoint.id, (contentParts - 1) / seconds, (input.healthNow ?? input.now)());
  }
}

/** Text so far, for a continuation's prefill; tool calls and refusals cannot be resumed. */
function track(part: StreamPart, leg: LegProgress): void {
  if (part.type === 'text-delta') leg.text += part.delta;
  else if (part.type === 'tool-call-delta' || part.type === 'refusal-delta') leg.resumable = false;
}

function closeLeg(opened: OpenedAttempt): void {
  opened.running.signal.dispose();
  void opened.iterator.return?.();
}

/** Tries attempts in order (hedging when asked) until one commits; throws the client's errors; null when all failed. */
async function openFirst(input: ExecuteInput, request: ChatRequest, queue: AttemptQueue, outcomes: AttemptOutcome[], hedge: boolean): Promise<OpenedAttempt | null> {
  for (let attempt = queue.next(); attempt; attempt = queue.next()) {
    const pending = openAttempt(input, attempt, request, outcomes);
    const result = hedge && queue.hasNext() ? await hedgeRace(input, pending, queue, (next) => openAttempt(input, next, request, outcomes), closeLeg) : await pending.result;
    if (result.ok) return result.value;
    if (result.verdict === 'client') throw result.error;
    if (result.verdict === 'context_length') queue.floor.raise(result.attempt, result.error);
  }
  return null;
}

function openAttempt(input: ExecuteInput, attempt: Attempt, request: ChatRequest, outcomes: AttemptOutcome[]): Racer<OpenedAttempt> {
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
    const outcome = outcomes[outcomes.length - 1] as AttemptOutcome;
    return { ok: true, value: { running, iterator, head, firstPartAt, outcome }, outcome };
  } catch (caught) {
    void iterator?.return?.();
    const { error, verdict } = failAttempt(input, outcomes, running, caught);
    return { ok: false, attempt: running.attempt, error, verdict };
  }
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
