import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../catalog/catalog-types.js';
import type { ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { Usage } from '../../spec/usage.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import { closeHttpClients } from '../shared/http-client.js';
import { findClosedPort, startFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream, RecordedRequest, ScriptedResponse } from './fake-upstream.js';
import { TEST_API_KEY } from './make-test-endpoint.js';
import { assembleToolCalls, chatRequest, collectStream, errorText, joinDeltas, rejectionOf } from './stream-helpers.js';
import { CONFORMANCE } from './conformance-answers.js';
import { describeCapabilityMatrix, type MatrixFixtures } from './adapter-capability-matrix.js';

/**
 * IR-level scenarios every provider adapter must pass, run against a scripted upstream over
 * real HTTP. A protocol supplies wire fixtures that encode the canonical answers below in its
 * own format; the harness checks the IR the adapter produces. Protocol-specific request-body
 * checks belong in the protocol's own tests (or the optional `checkRequest` hook).
 */

export { CONFORMANCE } from './conformance-answers.js';
export type { MatrixFixtures } from './adapter-capability-matrix.js';

/** The IR request each scenario sends, so fixtures can match on it if they want. */
export type ConformanceScenario =
  | 'text'
  | 'text-stream'
  | 'tool-call'
  | 'parallel-tool-call-stream'
  | 'reasoning-stream'
  | 'cached-usage'
  | 'http-error'
  | 'invalid-response'
  | 'in-stream-error'
  | 'broken-stream'
  | 'slow-stream';

export interface ConformanceFixtures {
  /** Shown in the describe block, e.g. `openai`. */
  protocol: string;
  adapter: ProviderAdapter;
  /** An endpoint whose provider points at `baseUrl` (the fake upstream) with key TEST_API_KEY. */
  makeEndpoint(baseUrl: string): Endpoint;
  /** Base path the fake upstream is mounted on (default `/v1`). */
  basePath?: string;
  /** The upstream id and model the text fixtures report. */
  expectedMetadata: { upstreamId?: string; upstreamModel?: string };
  responses: {
    /** Non-streamed answer CONFORMANCE.text, natural stop, usage CONFORMANCE.usage. */
    text(): ScriptedResponse;
    /** The same answer streamed in at least two text deltas, with usage, ending normally. */
    textStream(): ScriptedResponse;
    /** Non-streamed answer with one call CONFORMANCE.toolCall, finish reason for tool use. */
    toolCall(): ScriptedResponse;
    /** Streamed answer with CONFORMANCE.parallelToolCalls, arguments split over several deltas. */
    parallelToolCallStream(): ScriptedResponse;
    /** Streamed reasoning CONFORMANCE.reasoning, then the text CONFORMANCE.text. */
    reasoningStream(): ScriptedResponse;
    /** Non-streamed answer whose usage reports cache reads/writes and/or reasoning tokens. */
    cachedUsage(): { response: ScriptedResponse; usage: Usage };
    /** The protocol's error body with this HTTP status (and a Retry-After header when given). */
    httpError(status: number, retryAfterSeconds?: number): ScriptedResponse;
    /** A 200 whose body is not the protocol's JSON. */
    invalidResponse(): ScriptedResponse;
    /** A stream that starts normally, then reports an error inside the stream. */
    inStreamError(): ScriptedResponse;
    /** A stream that delivers CONFORMANCE.brokenStreamPrefix, then loses the connection. */
    brokenStream(): ScriptedResponse;
    /** A stream that delivers one text delta and then stays open without a word. */
    slowStream(): ScriptedResponse;
  };
  /** The capability matrix: images, json_schema, signed reasoning round trip, finish reasons, extra errors. */
  matrix: MatrixFixtures;
  /** Optional protocol-level check of what the upstream received for a scenario. */
  checkRequest?(request: RecordedRequest, scenario: ConformanceScenario, sent: ChatRequest): void;
}

/** Registers the conformance suite for one adapter (call at the top level of a test file). */
export function describeAdapterConformance(fixtures: ConformanceFixtures): void {
  describe(`adapter conformance: ${fixtures.protocol}`, () => {
    let upstream: FakeUpstream;
    let endpoint: Endpoint;

    beforeAll(async () => {
      upstream = await startFakeUpstream(fixtures.basePath ?? '/v1');
      endpoint = fixtures.makeEndpoint(upstream.baseUrl);
    });
    afterEach(() => upstream.reset());
    afterAll(async () => {
      await closeHttpClients(100);
      await upstream.close();
    });

    function call(signal: AbortSignal = new AbortController().signal): UpstreamCall {
      return { endpoint, signal, clientHeaders: {} };
    }

    function check(scenario: ConformanceScenario, sent: ChatRequest): void {
      expect(upstream.requests).toHaveLength(1);
      const recorded = upstream.lastRequest();
      expect(recorded.method).toBe('POST');
      fixtures.checkRequest?.(recorded, scenario, sent);
    }

    it('answers a plain request with content, a natural stop and usage', async () => {
      upstream.enqueue(fixtures.responses.text());
      const request = chatRequest();
      const result = await fixtures.adapter.complete(request, call());
      check('text', request);
      expect(result.content).toBe(CONFORMANCE.text);
      expect(result.toolCalls).toEqual([]);
      expect(result.finishReason).toBe('stop');
      expect(typeof result.nativeFinishReason).toBe('string');
      expect(result.usage).toEqual(CONFORMANCE.usage);
      expect({ upstreamId: result.upstreamId, upstreamModel: result.upstreamModel }).toEqual({
        upstreamId: fixtures.expectedMetadata.upstreamId,
        upstreamModel: fixtures.expectedMetadata.upstreamModel,
      });
    });

    it('streams metadata first, text deltas, then exactly one finish with usage', async () => {
      upstream.enqueue(fixtures.responses.textStream());
      const request = chatRequest({ stream: true });
      const { parts, thrown } = await collectStream(await fixtures.adapter.stream(request, call()));
      check('text-stream', request);
      expect(thrown).toBeUndefined();
      expect(parts[0]?.type).toBe('response-metadata');
      expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThanOrEqual(2);
      expect(joinDeltas(parts, 'text-delta')).toBe(CONFORMANCE.text);
      const finishes = parts.filter((part) => part.type === 'finish');
      expect(finishes).toHaveLength(1);
      expect(parts.at(-1)).toEqual(finishes[0]);
      expect(finishes[0]).toMatchObject({ finishReason: 'stop', usage: CONFORMANCE.usage });
      expect(parts.some((part) => part.type === 'error')).toBe(false);
    });

    it('returns a tool call with its id, name and argument text', async () => {
      upstream.enqueue(fixtures.responses.toolCall());
      const request = chatRequest({
        tools: [{ name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } }],
      });
      const result = await fixtures.adapter.complete(request, call());
      check('tool-call', request);
      expect(result.toolCalls).toEqual([CONFORMANCE.toolCall]);
      expect(result.finishReason).toBe('tool_calls');
    });

    it('streams parallel tool calls by index, announcing each id and name once', async () => {
      upstream.enqueue(fixtures.responses.parallelToolCallStream());
      const request = chatRequest({ stream: true, tools: [{ name: 'get_weather' }], parallelToolCalls: true });
      const { parts, thrown } = await collectStream(await fixtures.adapter.stream(request, call()));
      check('parallel-tool-call-stream', request);
      expect(thrown).toBeUndefined();
      const assembled = assembleToolCalls(parts);
      expect(assembled.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual(CONFORMANCE.parallelToolCalls);
      for (const { index } of assembled) {
        const deltas = parts.filter((part): part is Extract<StreamPart, { type: 'tool-call-delta' }> => part.type === 'tool-call-delta' && part.index === index);
        expect(deltas.filter((part) => part.id !== undefined)).toHaveLength(1);
        expect(deltas.filter((part) => part.name !== undefined)).toHaveLength(1);
        expect(deltas[0]?.id).toBeDefined();
      }
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' });
    });

    it('streams reasoning before the answer', async () => {
      upstream.enqueue(fixtures.responses.reasoningStream());
      const request = chatRequest({ stream: true, reasoning: { effort: 'low' } });
      const { parts, thrown } = await collectStream(await fixtures.adapter.stream(request, call()));
      check('reasoning-stream', request);
      expect(thrown).toBeUndefined();
      expect(joinDeltas(parts, 'reasoning-delta')).toBe(CONFORMANCE.reasoning);
      expect(joinDeltas(parts, 'text-delta')).toBe(CONFORMANCE.text);
      const lastReasoning = parts.findLastIndex((part) => part.type === 'reasoning-delta');
      const firstText = parts.findIndex((part) => part.type === 'text-delta');
      expect(lastReasoning).toBeLessThan(firstText);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    });

    it('reports cached and reasoning token counts', async () => {
      const { response, usage } = fixtures.responses.cachedUsage();
      upstream.enqueue(response);
      const request = chatRequest();
      const result = await fixtures.adapter.complete(request, call());
      check('cached-usage', request);
      expect(result.usage).toEqual(usage);
    });

    describe('upstream HTTP errors', () => {
      it('400 is the request\'s fault: upstream_http with the status kept', async () => {
        upstream.enqueue(fixtures.responses.httpError(400));
        const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        check('http-error', chatRequest());
        expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 400, status: 400 });
      });

      it('401 is the operator\'s key: upstream_auth, and the key appears nowhere', async () => {
        upstream.enqueue(fixtures.responses.httpError(401));
        const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 401 });
        expect(error.status).not.toBe(401);
        expect(errorText(error)).not.toContain(TEST_API_KEY);
      });

      it('403 is the operator\'s account too: upstream_auth, never the client\'s 403', async () => {
        upstream.enqueue(fixtures.responses.httpError(403));
        const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 403 });
        expect(error.status).not.toBe(403);
      });

      it('429 keeps Retry-After', async () => {
        upstream.enqueue(fixtures.responses.httpError(429, 7));
        const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 7 });
      });

      it('500 and 503 are upstream_http with their status', async () => {
        upstream.enqueue(fixtures.responses.httpError(500), fixtures.responses.httpError(503, 30));
        const serverError = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        expect(serverError).toMatchObject({ kind: 'upstream_http', upstreamStatus: 500, status: 502 });
        const unavailable = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
        expect(unavailable).toMatchObject({ kind: 'upstream_http', upstreamStatus: 503, retryAfterSeconds: 30 });
      });

      it('a streamed request with an error status rejects before any part', async () => {
        upstream.enqueue(fixtures.responses.httpError(429, 2));
        const error = await rejectionOf(fixtures.adapter.stream(chatRequest({ stream: true }), call()));
        expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 2 });
      });
    });

    it('a 200 that is not the protocol\'s JSON is upstream_invalid_response', async () => {
      upstream.enqueue(fixtures.responses.invalidResponse());
      const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), call()));
      check('invalid-response', chatRequest());
      expect(error.kind).toBe('upstream_invalid_response');
    });

    it('an error inside a stream is yielded as one error part, with no finish', async () => {
      upstream.enqueue(fixtures.responses.inStreamError());
      const { parts, thrown } = await collectStream(await fixtures.adapter.stream(chatRequest({ stream: true }), call()));
      check('in-stream-error', chatRequest({ stream: true }));
      expect(thrown).toBeUndefined();
      const last = parts.at(-1);
      expect(last?.type).toBe('error');
      expect(last?.type === 'error' ? last.error : undefined).toBeInstanceOf(GatewayError);
      expect(parts.filter((part) => part.type === 'error')).toHaveLength(1);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
    });

    it('a connection lost mid-stream throws upstream_connection after the parts it delivered', async () => {
      upstream.enqueue(fixtures.responses.brokenStream());
      const { parts, thrown } = await collectStream(await fixtures.adapter.stream(chatRequest({ stream: true }), call()));
      check('broken-stream', chatRequest({ stream: true }));
      expect(joinDeltas(parts, 'text-delta')).toBe(CONFORMANCE.brokenStreamPrefix);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
      expect(thrown).toBeInstanceOf(GatewayError);
      expect((thrown as GatewayError).kind).toBe('upstream_connection');
    });

    it('aborting the call closes the upstream connection and throws cancelled', async () => {
      upstream.enqueue(fixtures.responses.slowStream());
      const controller = new AbortController();
      const stream = await fixtures.adapter.stream(chatRequest({ stream: true }), call(controller.signal));
      const iterator = stream[Symbol.asyncIterator]();
      let first = await iterator.next();
      while (first.done !== true && first.value.type !== 'text-delta') first = await iterator.next();
      expect(first.value).toMatchObject({ type: 'text-delta' });
      const pending = iterator.next();
      controller.abort();
      const error = await rejectionOf(pending);
      expect(error.kind).toBe('cancelled');
      await expect(withTimeout(upstream.lastRequest().clientClosedEarly, 2_000)).resolves.toBe('settled');
    });

    it('an abort whose reason is a GatewayError rethrows that reason', async () => {
      upstream.enqueue(fixtures.responses.slowStream());
      const controller = new AbortController();
      const stream = await fixtures.adapter.stream(chatRequest({ stream: true }), call(controller.signal));
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      const timeout = new GatewayError('upstream_timeout', 'No token for 100 ms');
      const pending = iterator.next();
      controller.abort(timeout);
      // Parts already buffered may come first; the iterator must end by throwing the reason.
      let outcome: unknown;
      try {
        let step = await pending;
        while (step.done !== true) step = await iterator.next();
      } catch (error) {
        outcome = error;
      }
      expect(outcome).toBe(timeout);
      await expect(withTimeout(upstream.lastRequest().clientClosedEarly, 2_000)).resolves.toBe('settled');
    });

    it('an abort before the answer rejects complete() with cancelled', async () => {
      upstream.enqueue({ type: 'hang' });
      const controller = new AbortController();
      const pending = fixtures.adapter.complete(chatRequest(), call(controller.signal));
      await waitFor(() => upstream.requests.length === 1);
      controller.abort();
      const error = await rejectionOf(pending);
      expect(error.kind).toBe('cancelled');
      await expect(withTimeout(upstream.lastRequest().clientClosedEarly, 2_000)).resolves.toBe('settled');
    });

    describeCapabilityMatrix(fixtures.matrix, {
      adapter: fixtures.adapter,
      upstream: () => upstream,
      call: () => call(),
      text: () => fixtures.responses.text(),
    });

    it('a refused connection is upstream_connection', async () => {
      const port = await findClosedPort();
      const refused = fixtures.makeEndpoint(`http://127.0.0.1:${port}${fixtures.basePath ?? '/v1'}`);
      const unreachable = { ...refused, provider: { ...refused.provider, slug: `${refused.provider.slug}-refused` } };
      const error = await rejectionOf(fixtures.adapter.complete(chatRequest(), { endpoint: unreachable, signal: new AbortController().signal, clientHeaders: {} }));
      expect(error.kind).toBe('upstream_connection');
      expect(errorText(error)).not.toContain(TEST_API_KEY);
    });
  });
}

/** Resolves 'settled' when the promise settles in time, 'timeout' otherwise. */
export function withTimeout(promise: Promise<unknown>, ms: number): Promise<'settled' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    void promise.then(
      () => {
        clearTimeout(timer);
        resolve('settled');
      },
      () => {
        clearTimeout(timer);
        resolve('settled');
      },
    );
  });
}

/** Polls a condition every few milliseconds, failing after two seconds. */
export async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
