import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../spec/chat-request.js';
import { GatewayError } from '../spec/errors.js';
import type { StreamPart } from '../spec/stream-part.js';
import type { ExecuteInput } from './attempt-lifecycle.js';
import { Cancellation } from './cancellation.js';
import { MemoryEndpointHealth } from './endpoint-health-memory.js';
import { executeComplete, executeStream } from './execute-attempts.js';
import { planAttempts, type Plan } from './plan-attempts.js';
import { routingCatalog, type EndpointSpec } from './test-support/routing-catalog.js';
import { ScriptedAdapter } from './test-support/scripted-adapter.js';

const request: ChatRequest = { kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me about rivers.' }] }], stream: true, passthrough: {} };

function setup(endpoints: EndpointSpec[], options: { hedge?: boolean; resume?: boolean } = {}) {
  const catalog = routingCatalog([{ id: 'acme/model', endpoints }]);
  const plan: Plan = planAttempts({
    catalog,
    directives: { model: 'acme/model', fallbackModels: [], provider: { order: endpoints.map((endpoint) => endpoint.tag ?? endpoint.provider), ...options }, sessionId: null, sentParameters: [] },
    request,
    hasAdapter: () => true,
    promptTokenUpperBound: 32,
    countPromptTokens: () => 10,
  });
  const adapter = new ScriptedAdapter();
  const health = new MemoryEndpointHealth();
  const warnings: { message: string; fields: Record<string, unknown> }[] = [];
  const input: ExecuteInput = {
    plan,
    request,
    adapterFor: () => adapter,
    cancellation: new Cancellation(),
    clientHeaders: {},
    now: Date.now,
    health,
    warn: (message, fields) => warnings.push({ message, fields }),
  };
  return { adapter, health, input, warnings };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<{ text: string; error?: GatewayError; finished: boolean }> {
  let text = '';
  let error: GatewayError | undefined;
  let finished = false;
  for await (const part of parts) {
    if (part.type === 'text-delta') text += part.delta;
    if (part.type === 'error') error = part.error;
    if (part.type === 'finish') finished = true;
  }
  return error ? { text, error, finished } : { text, finished };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const caught = await promise.then(() => undefined, (error: unknown) => error);
  if (!(caught instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(caught)}`);
  return caught;
}

const fast = { firstTokenMs: 200, idleMs: 1_000, totalMs: 5_000 };

describe('executeComplete with scripted upstreams', () => {
  it('falls back on a 500 and feeds the failure to the endpoint health', async () => {
    const { adapter, input, health } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 500 });
    const execution = await executeComplete(input);
    expect(execution.attempt.endpoint.tag).toBe('second');
    expect(execution.outcomes.map((outcome) => [outcome.attempt.endpoint.tag, outcome.status])).toEqual([['first', 500], ['second', 200]]);
    expect(health.state('acme/model@first')?.lastFailureAt).toBeGreaterThan(0);
    expect(health.state('acme/model@second')?.latencyMs('p50', Date.now())).toBeGreaterThanOrEqual(0);
  });

  it('falls back on a 429 and keeps its Retry-After, so the next plan skips the endpoint', async () => {
    const { adapter, input, health } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 429, retryAfter: 30 });
    const before = Date.now();
    expect((await executeComplete(input)).attempt.endpoint.tag).toBe('second');
    expect(health.state('acme/model@first')?.coolingUntil).toBeGreaterThanOrEqual(before + 30_000);
  });

  it('counts an overload answer with Retry-After as a failure, without skipping the endpoint (only a 429 does that)', async () => {
    const { adapter, input, health } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 529, retryAfter: 30 });
    expect((await executeComplete(input)).attempt.endpoint.tag).toBe('second');
    expect(health.state('acme/model@first')).toMatchObject({ coolingUntil: 0, lastFailureAt: expect.any(Number) });
  });

  it('returns a 400 that any endpoint would give without trying the next one', async () => {
    const { adapter, input } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 400, message: 'temperature must be at most 2' });
    const error = await rejection(executeComplete(input));
    expect(error.status).toBe(400);
    expect(adapter.callsTo('second')).toHaveLength(0);
  });

  it('moves a context-length error on to a larger endpoint only, and returns it when none is left', async () => {
    const { adapter, input } = setup([{ provider: 'small', contextLength: 8_192 }, { provider: 'same', contextLength: 8_192 }, { provider: 'large', contextLength: 131_072 }]);
    adapter.script('small', { kind: 'status', status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 8192 tokens." });
    expect((await executeComplete(input)).attempt.endpoint.tag).toBe('large');
    expect(adapter.callsTo('same')).toHaveLength(0);

    adapter.script('large', { kind: 'status', status: 400, code: 'context_length_exceeded', message: "This model's maximum context length is 131072 tokens." });
    const error = await rejection(executeComplete(input));
    expect(error.status).toBe(400);
    expect(error.kind).toBe('context_length_exceeded');
  });

  it('treats an upstream 401/403/402 as the provider’s misconfiguration: falls back, logs, never a 401 to the client', async () => {
    const { adapter, input, warnings } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 401 });
    expect((await executeComplete(input)).attempt.endpoint.tag).toBe('second');
    expect(warnings).toEqual([expect.objectContaining({ fields: expect.objectContaining({ provider: 'first', status: 401 }) })]);

    adapter.script('second', { kind: 'status', status: 403 });
    const error = await rejection(executeComplete(input));
    expect(error.status).toBe(502);
    expect(error.message).toContain('acme/model@first');
    expect(error.message).toContain('acme/model@second');
  });

  it('says 429 only when every attempt was rate-limited', async () => {
    const { adapter, input } = setup([{ provider: 'first' }, { provider: 'second' }]);
    adapter.script('first', { kind: 'status', status: 429, retryAfter: 3 });
    adapter.script('second', { kind: 'status', status: 429, retryAfter: 9 });
    const limited = await rejection(executeComplete(input));
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBe(3);
    adapter.script('second', { kind: 'status', status: 503 });
    expect((await rejection(executeComplete(input))).status).toBe(502);
  });

  it('with hedge, a slow answer starts the next endpoint and the first answer wins; the loser is aborted', async () => {
    const { adapter, input, health } = setup([{ provider: 'slow' }, { provider: 'quick' }], { hedge: true });
    for (let index = 0; index < 10; index++) health.recordLatency('acme/model@slow', 20, Date.now());
    adapter.script('slow', { kind: 'answer', firstTokenDelayMs: 4_000 });
    const execution = await executeComplete(input);
    expect(execution.attempt.endpoint.tag).toBe('quick');
    expect(execution.result.content).toBe('answer from quick');
    expect(adapter.callsTo('slow')[0]?.aborted?.message).toContain('hedge');
    expect(execution.outcomes.find((outcome) => outcome.attempt.endpoint.tag === 'slow')).toMatchObject({ status: null });
  });

  it('times out an upstream that never answers and falls back', async () => {
    const { adapter, input } = setup([{ provider: 'stuck', timeouts: fast }, { provider: 'second' }]);
    adapter.script('stuck', { kind: 'hang' });
    const execution = await executeComplete(input);
    expect(execution.attempt.endpoint.tag).toBe('second');
    expect(execution.outcomes[0]).toMatchObject({ status: 408, error: expect.objectContaining({ kind: 'upstream_timeout' }) });
  });
});

describe('executeStream with scripted upstreams', () => {
  it('falls back when the first byte never comes (first-token timeout)', async () => {
    const { adapter, input } = setup([{ provider: 'stuck', timeouts: fast }, { provider: 'second' }]);
    adapter.script('stuck', { kind: 'hang' });
    const execution = await executeStream(input);
    expect(execution.attempt.endpoint.tag).toBe('second');
    expect((await collect(execution.parts)).text).toBe('second-0 second-1 second-2 ');
    expect(adapter.callsTo('stuck')[0]?.aborted?.kind).toBe('upstream_timeout');
  });

  it('times out a slow first token and falls back', async () => {
    const { adapter, input } = setup([{ provider: 'slow', timeouts: fast }, { provider: 'second' }]);
    adapter.script('slow', { kind: 'answer', firstTokenDelayMs: 10_000 });
    expect((await executeStream(input)).attempt.endpoint.tag).toBe('second');
  });

  it('a break after the first chunk is an in-stream error without resume', async () => {
    const { adapter, input, health } = setup([{ provider: 'flaky' }, { provider: 'second' }]);
    adapter.script('flaky', { kind: 'break', chunks: 1 });
    const execution = await executeStream(input);
    const result = await collect(execution.parts);
    expect(result.text).toBe('flaky-0 ');
    expect(result.error?.kind).toBe('upstream_connection');
    expect(adapter.callsTo('second')).toHaveLength(0);
    expect(health.state('acme/model@flaky')?.lastFailureAt).toBeGreaterThan(0);
  });

  it('with resume, a broken stream continues on the next endpoint primed with the partial answer', async () => {
    const { adapter, input } = setup([{ provider: 'flaky' }, { provider: 'second' }], { resume: true });
    adapter.script('flaky', { kind: 'break', chunks: 2 });
    const execution = await executeStream(input);
    const result = await collect(execution.parts);
    expect(result.error).toBeUndefined();
    expect(result.finished).toBe(true);
    expect(result.text).toBe('flaky-0 flaky-1 second-0 second-1 second-2 ');
    const continuation = adapter.callsTo('second')[0]!.request;
    expect(continuation.messages.at(-1)).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'flaky-0 flaky-1 ' }], toolCalls: [] });
    expect(execution.attempt.endpoint.tag).toBe('second');
    expect(execution.legs).toEqual([{ attempt: expect.objectContaining({ endpoint: expect.objectContaining({ tag: 'flaky' }) }), text: 'flaky-0 flaky-1 ' }]);
    expect(execution.outcomes.map((outcome) => [outcome.attempt.endpoint.tag, outcome.status, outcome.error?.kind])).toEqual([['flaky', 200, 'upstream_connection'], ['second', 200, undefined]]);
  });

  it('with hedge, a slow first token starts the next endpoint; the first to stream wins and the other is aborted', async () => {
    const { adapter, input, health } = setup([{ provider: 'slow' }, { provider: 'quick' }], { hedge: true });
    // p90 time to first token of the slow endpoint: 20 ms, so the hedge starts after 20 ms.
    for (let index = 0; index < 10; index++) health.recordLatency('acme/model@slow', 20, Date.now());
    adapter.script('slow', { kind: 'answer', firstTokenDelayMs: 4_000 });
    const execution = await executeStream(input);
    expect(execution.attempt.endpoint.tag).toBe('quick');
    expect((await collect(execution.parts)).text).toBe('quick-0 quick-1 quick-2 ');
    expect(adapter.callsTo('slow')[0]?.aborted?.message).toContain('hedge');
    const slow = execution.outcomes.find((outcome) => outcome.attempt.endpoint.tag === 'slow');
    expect(slow).toMatchObject({ status: null, error: expect.objectContaining({ kind: 'cancelled' }) });
    // Losing a hedge is not the endpoint's failure.
    expect(health.state('acme/model@slow')?.lastFailureAt).toBe(0);
  });

  it('with hedge, a fast first endpoint wins before the hedge starts', async () => {
    const { adapter, input } = setup([{ provider: 'first' }, { provider: 'second' }], { hedge: true });
    const execution = await executeStream(input);
    expect(execution.attempt.endpoint.tag).toBe('first');
    await collect(execution.parts);
    expect(adapter.callsTo('second')).toHaveLength(0);
  });
});
