import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInOutage } from './outage-window.js';
import type { RequestOverrides } from './request-overrides.js';
import { sendOpenAIError } from './send-openai-error.js';
import type { SimulatorContext } from './simulator-context.js';
import type { SimulatorBehaviour } from './simulator-options.js';

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
): boolean {
  if (overrides.reset) {
    request.socket.destroy();
    return true;
  }
  if (!hasValidKey(context, request)) {
    sendOpenAIError(response, 401);
    return true;
  }
  if (context.outage && isInOutage(context.now() - context.startedAt, context.outage)) {
    context.stats.outageRejections += 1;
    if (context.outage.mode === 'reset') request.socket.destroy();
    else sendOpenAIError(response, 503, { message: 'Service temporarily unavailable (simulated outage).' });
    return true;
  }
  const status = overrides.forcedStatus ?? randomErrorStatus(context, behaviour);
  if (status !== null) {
    context.stats.injectedErrors += 1;
    sendOpenAIError(response, status, {}, behaviour.retryAfterSeconds);
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
