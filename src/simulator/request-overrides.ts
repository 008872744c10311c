import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatorBehaviour } from './simulator-options.js';

/**
 * Per-request control through `x-sim-*` headers, so one test can force a failure without
 * reconfiguring the simulator:
 * - `x-sim-error: 503` forces that status; `x-sim-error: none` disables random errors and
 *   mid-stream failures;
 * - `x-sim-latency-ms`, `x-sim-tps`: first-token latency and speed;
 * - `x-sim-fail-mid-stream: reset | error-event | none`;
 * - `x-sim-reset: 1` destroys the connection without answering.
 */
export interface RequestOverrides {
  behaviour: Partial<SimulatorBehaviour>;
  forcedStatus: number | null;
  failMidStream: SimulatorBehaviour['failMidStreamMode'] | null;
  reset: boolean;
}

/** Reads the `x-sim-*` headers of one request. */
export function readRequestOverrides(headers: IncomingHttpHeaders): RequestOverrides {
  const overrides: RequestOverrides = { behaviour: {}, forcedStatus: null, failMidStream: null, reset: false };
  const error = header(headers, 'x-sim-error');
  if (error === 'none') {
    overrides.behaviour.errorRate = 0;
    overrides.behaviour.failMidStreamRate = 0;
  } else if (error !== undefined && /^\d{3}$/.test(error)) overrides.forcedStatus = Number(error);

  const latency = numberHeader(headers, 'x-sim-latency-ms');
  if (latency !== null) {
    overrides.behaviour.firstTokenLatencyMs = latency;
    overrides.behaviour.latencyJitter = 0;
  }
  const speed = numberHeader(headers, 'x-sim-tps');
  if (speed !== null && speed > 0) overrides.behaviour.tokensPerSecond = speed;

  const failMidStream = header(headers, 'x-sim-fail-mid-stream');
  if (failMidStream === 'reset' || failMidStream === 'error-event') overrides.failMidStream = failMidStream;
  else if (failMidStream === 'none') overrides.behaviour.failMidStreamRate = 0;

  overrides.reset = header(headers, 'x-sim-reset') === '1';
  return overrides;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
}

function numberHeader(headers: IncomingHttpHeaders, name: string): number | null {
  const value = header(headers, name);
  if (value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : null;
}
