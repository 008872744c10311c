import type { SimulatorUpdate } from './simulator-options.js';

/** One request as the simulator received it, for tests to assert on what the gateway sent. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it did not parse, or null without a body. */
  body: unknown;
  receivedAt: number;
}

/** Live counters (the object is updated in place). */
export interface SimulatorStats {
  requests: number;
  /** Answers sent in full (JSON or a stream through `[DONE]`). */
  completed: number;
  /** Injected error statuses (error rate or `x-sim-error`). */
  injectedErrors: number;
  /** Requests failed because an outage window was open. */
  outageRejections: number;
  midStreamFailures: number;
  /** Requests whose client went away before the answer ended. */
  aborted: number;
  /** Streams currently being written. */
  activeStreams: number;
}

/** A running simulated upstream. */
export interface RunningSimulator {
  name: string;
  port: number;
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** OpenAI-style base URL (`<url>/v1`), what a provider's `base_url` points at. */
  baseUrl: string;
  requests: RecordedRequest[];
  stats: SimulatorStats;
  /** Changes behaviour or the outage window while running. */
  update(settings: SimulatorUpdate): void;
  close(): Promise<void>;
}
