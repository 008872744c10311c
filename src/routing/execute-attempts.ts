import type { ChatResult } from '../spec/chat-result.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { allFailed, failAttempt, startAttempt, succeedAttempt, type ExecuteInput, type RunningAttempt } from './attempt-lifecycle.js';
import { AttemptQueue, hedgeRace, type Racer, type Settled } from './hedge-race.js';
import type { Attempt } from './plan-attempts.js';

export type { ExecuteInput } from './attempt-lifecycle.js';
export { executeStream, type StreamExecution } from './execute-stream.js';

export interface CompletedExecution {
  attempt: Attempt;
  result: ChatResult;
  outcomes: AttemptOutcome[];
}

/**
 * Runs a non-streamed request through the plan: each failure is classified; fallback
 * failures move on to the next attempt, context-length failures to the next larger endpoint.
 * With hedging, a slow answer starts the next attempt too and the first answer wins.
 * Throws the client's error, or an all-failed error naming every attempt.
 */
export async function executeComplete(input: ExecuteInput): Promise<CompletedExecution> {
  const outcomes: AttemptOutcome[] = input.outcomes ?? [];
  const queue = new AttemptQueue(input.plan.attempts);
  const start = (attempt: Attempt): Racer<Answered> => startComplete(input, attempt, outcomes);
  for (let attempt = queue.next(); attempt; attempt = queue.next()) {
    const pending = start(attempt);
    const settled = input.plan.hedge && queue.hasNext() ? await hedgeRace(input, pending, queue, start, () => undefined) : await pending.result;
    if (settled.ok) return { attempt: settled.value.attempt, result: settled.value.result, outcomes };
    if (settled.verdict === 'client') throw settled.error;
    if (settled.verdict === 'context_length') queue.floor.raise(settled.attempt, settled.error);
  }
  throw allFailed(outcomes, queue.floor);
}

interface Answered {
  attempt: Attempt;
  result: ChatResult;
}

function startComplete(input: ExecuteInput, attempt: Attempt, outcomes: AttemptOutcome[]): Racer<Answered> {
  const running = startAttempt(input, attempt);
  return { running, result: complete(input, running, outcomes) };
}

async function complete(input: ExecuteInput, running: RunningAttempt, outcomes: AttemptOutcome[]): Promise<Settled<Answered>> {
  const { attempt } = running;
  try {
    const result = await running.adapter.complete(input.request, running.call);
    const endedAt = input.now();
    succeedAttempt(input, outcomes, running, endedAt);
    const tokens = result.usage?.completionTokens ?? 0;
    const seconds = (endedAt - running.startedAt) / 1000;
    if (input.health && tokens > 1 && seconds > 0) input.health.recordThroughput(attempt.endpoint.id, tokens / seconds, (input.healthNow ?? input.now)());
    return { ok: true, value: { attempt, result }, outcome: outcomes[outcomes.length - 1] as AttemptOutcome };
  } catch (caught) {
    const { error, verdict } = failAttempt(input, outcomes, running, caught);
    return { ok: false, attempt, error, verdict };
  } finally {
    running.signal.dispose();
  }
}
