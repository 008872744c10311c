import { expect, vi } from 'vitest';
import { send } from './send-request.js';

export interface HealthAnswer {
  httpStatus: number;
  status: string;
  redis?: { ok: boolean; since: string; last_error: string | null };
  store?: { ok: boolean };
}

/** GET /health on a fresh connection (any worker). */
export async function health(baseUrl: string): Promise<HealthAnswer> {
  const answer = await send(`${baseUrl}/health`);
  return { httpStatus: answer.status, ...(JSON.parse(answer.body) as Omit<HealthAnswer, 'httpStatus'>) };
}

/**
 * Waits until `times` health answers in a row (each on a new connection, so node:cluster's round
 * robin spreads them over the workers) match `expected`: every worker reports the same state.
 */
export async function waitForHealthInARow(baseUrl: string, expected: (answer: HealthAnswer) => boolean, times: number, timeoutMs = 30_000): Promise<HealthAnswer[]> {
  let streak: HealthAnswer[] = [];
  await vi.waitFor(async () => {
    const answer = await health(baseUrl);
    streak = expected(answer) ? [...streak, answer] : [];
    expect(streak.length).toBeGreaterThanOrEqual(times);
  }, { timeout: timeoutMs, interval: 50 });
  return streak;
}
