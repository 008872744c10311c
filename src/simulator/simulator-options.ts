import type { OutageWindow } from './outage-window.js';

/** How a simulated upstream performs; per simulator, per upstream model, and per request. */
export interface SimulatorBehaviour {
  /** Delay before the first token (or the whole non-streamed answer starts counting). */
  firstTokenLatencyMs: number;
  /** Random ± fraction applied to the latency, so percentiles are not flat. */
  latencyJitter: number;
  /** Generation speed; `Infinity` sends everything at once. */
  tokensPerSecond: number;
  /** Fraction of requests answered with one of `errorStatuses`. */
  errorRate: number;
  errorStatuses: number[];
  /** Sent as `Retry-After` on 429. */
  retryAfterSeconds: number;
  /** Fraction of streams that break half way. */
  failMidStreamRate: number;
  /** `reset` destroys the connection; `error-event` sends `data: {"error":…}` and ends. */
  failMidStreamMode: 'reset' | 'error-event';
}

/** How to start a simulator: where it listens, what it serves, how it behaves. */
export interface SimulatorOptions extends Partial<SimulatorBehaviour> {
  /** Shown in logs and as `owned_by` in /v1/models. */
  name?: string;
  /** Loopback by default. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Upstream model names served; when given, other names get OpenAI's 404 `model_not_found`. */
  models?: string[];
  /** Behaviour per upstream model name (e.g. a faster "turbo" deployment). */
  modelOverrides?: Record<string, Partial<SimulatorBehaviour>>;
  outage?: OutageWindow;
  /** When set, requests must carry it (`Authorization: Bearer …`, or raw in `authHeader`). */
  apiKey?: string;
  authHeader?: string;
  /** Prompt plus max_tokens beyond this is OpenAI's 400 `context_length_exceeded`. */
  contextLength?: number;
  /** Seeds failure decisions; defaults to a hash of the name. */
  seed?: number;
  /** Oldest recorded requests are dropped beyond this (default 1000). */
  maxRecordedRequests?: number;
  /** Clock in milliseconds, injectable so outage windows can be tested without waiting. */
  now?: () => number;
}

/** Defaults: a quick, healthy upstream. */
export const DEFAULT_BEHAVIOUR: SimulatorBehaviour = {
  firstTokenLatencyMs: 150,
  latencyJitter: 0.2,
  tokensPerSecond: 80,
  errorRate: 0,
  errorStatuses: [429, 500, 503],
  retryAfterSeconds: 1,
  failMidStreamRate: 0,
  failMidStreamMode: 'reset',
};

/** The settings that can be changed while a simulator runs (tests flip a provider to failing). */
export type SimulatorUpdate = Partial<SimulatorBehaviour> & { outage?: OutageWindow | null };

/** Removes undefined entries so a partial never overwrites a setting with "unset". */
export function definedBehaviour(partial: Partial<SimulatorBehaviour>): Partial<SimulatorBehaviour> {
  const result: Partial<SimulatorBehaviour> = {};
  for (const [key, value] of Object.entries(partial) as [keyof SimulatorBehaviour, unknown][]) {
    if (value !== undefined) Object.assign(result, { [key]: value });
  }
  return result;
}
