import type { ChatResult } from '../spec/chat-result.js';
import type { AttemptOutcome } from './attempt-outcome.js';
import { allFailed, ContextFloor, failAttempt, startAttempt, succeedAttempt, type ExecuteInput } from './attempt-lifecycle.js';
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
 * Throws the client's error, or an all-failed error naming every attempt.
 */
export async function executeComplete(input: ExecuteInput): Promise<CompletedExecution> {
  const outcomes: AttemptOutcome[] = input.outcomes ?? [];
  const contextFloor = new ContextFloor();
  for (const attempt of input.plan.attempts) {
    if (contextFloor.skips(attempt)) continue;
    const running = startAttempt(input, attempt);
    try {
      const result = await running.adapter.complete(input.request, running.call);
      const endedAt = input.now();
      succeedAttempt(input, outcomes, running, endedAt);
      const tokens = result.usage?.completionTokens ?? 0;
      const seconds = (endedAt - running.startedAt) / 1000;
      if (input.health && tokens > 1 && seconds > 0) input.health.recordThroughput(attempt.endpoint.id, tokens / seconds, (input.healthNow ?? input.now)());
      return { attempt, result, outcomes };
    } catch (caught) {
      const { error, verdict } = failAttempt(input, outcomes, running, caught);
      if (verdict === 'client') throw error;
      if (verdict === 'context_length') contextFloor.raise(attempt, error);
    } finally {
      running.signal.dispose();
    }
  }
  throw allFailed(outcomes, contextFloor);
}
