/**
 * A recurring outage: the last `forS` seconds of every `everyS`-second cycle, counted from the
 * simulator's start (shifted by `offsetS`), so a demo starts healthy and fails predictably.
 */
export interface OutageWindow {
  everyS: number;
  forS: number;
  offsetS?: number;
  /** `error`: answer 503 with an OpenAI error body; `reset`: destroy the connection. */
  mode?: 'error' | 'reset';
}

/** Whether `elapsedMs` after the start falls inside the outage. */
export function isInOutage(elapsedMs: number, window: OutageWindow): boolean {
  const cycleMs = window.everyS * 1000;
  const outageMs = window.forS * 1000;
  if (cycleMs <= 0 || outageMs <= 0) return false;
  if (outageMs >= cycleMs) return true;
  const phase = (elapsedMs + (window.offsetS ?? 0) * 1000) % cycleMs;
  return phase >= cycleMs - outageMs;
}
