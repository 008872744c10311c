import type { OutageWindow } from './outage-window.js';
import { createRandomSource, hashText, type RandomSource } from './random-source.js';
import { DEFAULT_BEHAVIOUR, definedBehaviour, type SimulatorBehaviour, type SimulatorOptions } from './simulator-options.js';
import type { RecordedRequest, SimulatorStats } from './simulator-types.js';

/** The mutable state of one running simulator, shared by its request handlers. */
export interface SimulatorContext {
  name: string;
  options: SimulatorOptions;
  behaviour: SimulatorBehaviour;
  outage: OutageWindow | null;
  random: RandomSource;
  stats: SimulatorStats;
  requests: RecordedRequest[];
  now: () => number;
  startedAt: number;
  /** Cancels in-flight answers; run by close(). */
  pending: Set<() => void>;
  nextId: number;
}

/** Fresh state from the options: defaults filled, counters at zero, clock started. */
export function createSimulatorContext(options: SimulatorOptions): SimulatorContext {
  const name = options.name ?? 'simulator';
  const now = options.now ?? Date.now;
  return {
    name,
    options,
    behaviour: { ...DEFAULT_BEHAVIOUR, ...definedBehaviour(options) },
    outage: options.outage ?? null,
    random: createRandomSource(options.seed ?? hashText(name)),
    stats: {
      requests: 0,
      completed: 0,
      injectedErrors: 0,
      outageRejections: 0,
      midStreamFailures: 0,
      aborted: 0,
      activeStreams: 0,
    },
    requests: [],
    now,
    startedAt: now(),
    pending: new Set(),
    nextId: 0,
  };
}

/** Keeps the request log bounded: demo traffic runs for hours. */
export function recordRequest(context: SimulatorContext, request: RecordedRequest): void {
  context.requests.push(request);
  const limit = context.options.maxRecordedRequests ?? 1000;
  if (context.requests.length > limit) context.requests.splice(0, context.requests.length - limit);
}

/** A short unique id with an OpenAI-like prefix (`chatcmpl-…`, `cmpl-…`). */
export function nextResponseId(context: SimulatorContext, prefix: string): string {
  context.nextId += 1;
  const randomPart = Math.floor(context.random() * 0xffffffff).toString(36);
  return `${prefix}-sim${context.nextId.toString(36)}${randomPart}`;
}
