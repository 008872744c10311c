import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInOutage } from './outage-window.js';
import type { RequestOverrides } from './request-overrides.js';
import { sendOpenAIError } from './send-openai-error.js';
import type { SimulatorContext } from './simulator-context.js';
import type { SimulatorBehaviour } from './simulator-options.js';

/** How one wire protocol authenticates a request and answers an error. */
export interface AccessWire {
  hasValidKey(context: SimulatorContext, request: IncomingMessage): boolean;
  sendError(response: ServerResponse, status: number, message: string | undefined, retryAfterSeconds: number): void;
}

/** OpenAI's: the key as `Authorization: Bearer …` (or raw in the configured header), OpenAI error bodies. */
export const OPENAI_ACCESS: AccessWire = {
  hasValidKey,
  sendError: (response, status, message, retryAfterSeconds) => sendOpenAIError(response, status, message === undefined ? {} : { message }, retryAfterSeconds),
};

/**
 * The failures a request meets before any generation: forced resets, a wrong key, an open
 * outage window, injected error statuses. Returns true when it already answered (or hung up).
 */
export function rejectBeforeAnswer(
  context: SimulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  overrides: RequestOverrides,
  behaviour: SimulatorBehaviour,
  wire: AccessWire = OPENAI_ACCESS,
): boolean {
  if (overrides.reset) {
    request.socket.destroy();
    return true;
  }
  if (!wire.hasValidKey(context, request)) {
    wire.sendError(response, 401, undefined, behaviour.retryAfterSeconds);
    return true;
  }
  if (context.outage && isInOutage(context.now() - context.startedAt, context.outage)) {
    context.stats.outageRejections += 1;
    if (context.outage.mode === 'reset') request.socket.destroy();
    else wire.sendError(response, 503, 'Service temporarily unavailable (simulated outage).', behaviour.retryAfterSeconds);
    return true;
  }
  const status = overrides.forcedStatus ?? randomErrorStatus(context, behaviour);
  if (status !== null) {
    context.stats.injectedErrors += 1;
    wire.sendError(response, status, undefined, behaviour.retryAfterSeconds);
    return true;
  }
  return false;
}

function randomErrorStatus(context: SimulatorContext, behaviour: SimulatorBehaviour): number | null {
  if (behaviour.errorRate <= 0 || behaviour.errorStatuses.length === 0) return null;
  if (context.random() >= behaviour.errorRate) return null;
  return behaviour.errorStatuses[Math.floor(context.random() * behaviour.errorStatuses.length)] ?? 500;
}

function hasValidKey(context: SimulatorContext, request: IncomingMessage): boolean {
  const expected = context.options.apiKey;
  if (expected === undefined) return true;
  const headerName = (context.options.authHeader ?? 'authorization').toLowerCase();
  const value = request.headers[headerName];
  const text = Array.isArray(value) ? value[0] : value;
  return headerName === 'authorization' ? text === `Bearer ${expected}` : text === expected;
}
