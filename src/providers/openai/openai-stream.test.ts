import { beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { takeReady } from '../../spec/ready-iterator.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { withTimeout } from '../test-support/adapter-conformance.js';
import { sse } from '../test-support/fake-upstream.js';
import type { ScriptedResponse, SseStep } from '../test-support/fake-upstream.js';
import { TEST_API_KEY, makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import {
  OPENAI_MODEL,
  openAIChatCompletion,
  openAIChunk,
  openAIErrorBody,
  openAIParallelToolCallSteps,
  openAITextStreamSteps,
  openAIUsageChunk,
} from '../test-support/openai-fixtures.js';
import { assembleToolCalls, chatRequest, collectStream, errorText, joinDeltas, rejectionOf, type ReadMode } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { openAIAdapter } from './openai-adapter.js';

/** Streamed answers through real HTTP: parts, quirks, broken streams, aborts. */

const upstream = useFakeUpstream();

function call(signal: AbortSignal = new AbortController().signal): UpstreamCall {
  return { endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: 'stream-test' }), signal, clientHeaders: {} };
}

/** Each test runs in both read modes: awaited part by part, and parts at hand taken synchronously. */
let mode: ReadMode = 'awaited';

async function streamWith(response: ScriptedResponse, request = chatRequest({ stream: true })) {
  upstream.current.enqueue(response);
  return collectStream(await openAIAdapter.stream(request, call()), mode);
}

function sseResponse(steps: SseStep[], end: 'close' | 'drop' | 'hang' = 'close'): ScriptedResponse {
  return { type: 'sse', steps, end };
}

const usage = { promptTokens: 19, completionTokens: 10 };

describe.each<ReadMode>(['awaited', 'at-hand'])('OpenAI stream (read %s)', (readMode) => {
  beforeEach(() => {
    mode = readMode;
  });

  it('yields metadata, text deltas and one finish with the usage chunk', async () => {
    const { parts, thrown } = await streamWith(sseResponse(openAITextStreamSteps(['Hello', '! How can I', ' help you today?'])));
    expect(thrown).toBeUndefined();
    expect(parts).toEqual([
      { type: 'response-metadata', upstreamId: 'chatcmpl-123', upstreamModel: OPENAI_MODEL },
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: '! How can I' },
      { type: 'text-delta', delta: ' help you today?' },
      { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage },
    ]);
  });

  it('takes usage from the finish chunk itself when the upstream sends it there', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.data(openAIChunk({ role: 'assistant', content: 'Hi' })),
        sse.data(openAIChunk({}, 'length', { usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 } })),
        sse.done(),
      ]),
    );
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'length', nativeFinishReason: 'length', usage: { promptTokens: 8, completionTokens: 1 } });
  });

  it('ignores null usage on every chunk (vLLM) and keeps the last real one', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.data(openAIChunk({ role: 'assistant', content: 'Hi' }, null, { usage: null })),
        sse.data(openAIChunk({}, 'stop', { usage: null })),
        sse.data(openAIUsageChunk({ prompt_tokens: 30, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 16 } })),
        sse.done(),
      ]),
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish', usage: { promptTokens: 30, completionTokens: 2, cachedTokens: 16 } });
  });

  it('finishes at the end of the body when a finish_reason came but no [DONE]', async () => {
    const { parts, thrown } = await streamWith(sseResponse([sse.data(openAIChunk({ content: 'Hi' })), sse.data(openAIChunk({}, 'stop'))]));
    expect(thrown).toBeUndefined();
    expect(parts.filter((part) => part.type === 'finish')).toEqual([{ type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop' }]);
  });

  it('emits exactly one finish when finish_reason is repeated on the usage chunk (the first one counts)', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] })),
        sse.data(openAIChunk({}, 'tool_calls')),
        sse.data(openAIChunk({}, 'stop', { usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } })),
        sse.done(),
      ]),
    );
    expect(parts.filter((part) => part.type === 'finish')).toEqual([
      { type: 'finish', finishReason: 'tool_calls', nativeFinishReason: 'tool_calls', usage: { promptTokens: 5, completionTokens: 5 } },
    ]);
  });

  it('skips SSE comments, empty keep-alive chunks and role-only chunks', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.comment('OPENROUTER PROCESSING'),
        sse.data(openAIChunk({ role: 'assistant', content: '' })),
        sse.comment('OPENROUTER PROCESSING'),
        sse.data(openAIChunk({ content: '' })),
        sse.data(openAIChunk({ content: null })),
        sse.data(openAIChunk({ content: 'Hi' })),
        sse.data(openAIChunk({}, 'stop')),
        sse.done(),
      ]),
    );
    expect(parts.map((part) => part.type)).toEqual(['response-metadata', 'text-delta', 'finish']);
  });

  it('takes metadata from the first chunk with a choice (Azure sends an empty filter-results chunk first)', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.data({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] }),
        sse.data(openAIChunk({ role: 'assistant', content: 'Hi' })),
        sse.data(openAIChunk({}, 'stop')),
        sse.done(),
      ]),
    );
    expect(parts[0]).toEqual({ type: 'response-metadata', upstreamId: 'chatcmpl-123', upstreamModel: OPENAI_MODEL });
  });

  it('takes metadata from a usage-only chunk when no chunk had a choice, and accepts null indices', async () => {
    const { parts } = await streamWith(
      sseResponse([sse.data({ ...openAIUsageChunk(), id: 'chatcmpl-usage-only' }), sse.data({ id: 'x', choices: [{ index: null, delta: { content: null }, finish_reason: 'stop' }] }), sse.done()]),
    );
    expect(parts).toEqual([
      { type: 'response-metadata', upstreamId: 'x' },
      { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage },
    ]);
    const { parts: onlyDone } = await streamWith(sseResponse([sse.data({ ...openAIUsageChunk(), id: 'chatcmpl-usage-only' }), sse.done()]));
    expect(onlyDone).toEqual([
      { type: 'response-metadata', upstreamId: 'chatcmpl-usage-only', upstreamModel: OPENAI_MODEL },
      { type: 'finish', finishReason: null, nativeFinishReason: null, usage },
    ]);
  });

  it('parses events split across network writes, mid-JSON and mid-character, with CRLF lines', async () => {
    const bytes = Buffer.from(`data: ${JSON.stringify(openAIChunk({ content: 'Grüße 👋' }))}\r\n\r\n`, 'utf8');
    const emoji = bytes.indexOf(Buffer.from('👋', 'utf8'));
    const { parts, thrown } = await streamWith(
      sseResponse([
        sse.bytes(bytes.subarray(0, 20)),
        sse.bytes(bytes.subarray(20, emoji + 2)),
        sse.bytes(bytes.subarray(emoji + 2)),
        // The last event lacks its blank line (and no [DONE] follows): a complete line is still dispatched.
        sse.raw(`data: ${JSON.stringify(openAIChunk({}, 'stop'))}\n`),
      ]),
    );
    expect(thrown).toBeUndefined();
    expect(joinDeltas(parts, 'text-delta')).toBe('Grüße 👋');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('streams reasoning from `reasoning` or `reasoning_content`, once when both carry it, plus reasoning_details', async () => {
    const detail = { type: 'reasoning.text', text: 'Step 1.', signature: null, id: 'r1', format: 'unknown', index: 0 };
    const { parts } = await streamWith(
      sseResponse([
        sse.data(openAIChunk({ role: 'assistant', content: '', reasoning: 'Step 1.', reasoning_details: [detail] })),
        sse.data(openAIChunk({ reasoning_content: ' Step 2.' })),
        sse.data(openAIChunk({ reasoning: ' Step 3.', reasoning_content: ' Step 3.' })),
        sse.data(openAIChunk({ content: 'Done.' })),
        sse.data(openAIChunk({}, 'stop')),
        sse.data(openAIUsageChunk({ completion_tokens_details: { reasoning_tokens: 6 } })),
        sse.done(),
      ]),
    );
    expect(parts).toEqual([
      { type: 'response-metadata', upstreamId: 'chatcmpl-123', upstreamModel: OPENAI_MODEL },
      { type: 'reasoning-delta', delta: 'Step 1.' },
      { type: 'reasoning-details', details: [detail] },
      { type: 'reasoning-delta', delta: ' Step 2.' },
      { type: 'reasoning-delta', delta: ' Step 3.' },
      { type: 'text-delta', delta: 'Done.' },
      { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage: { ...usage, reasoningTokens: 6 } },
    ]);
  });

  it('streams refusals', async () => {
    const { parts } = await streamWith(
      sseResponse([
        sse.data(openAIChunk({ role: 'assistant', content: null, refusal: '' })),
        sse.data(openAIChunk({ refusal: "I'm sorry, " })),
        sse.data(openAIChunk({ refusal: "I can't help with that." })),
        sse.data(openAIChunk({}, 'stop')),
        sse.done(),
      ]),
    );
    expect(joinDeltas(parts, 'refusal-delta')).toBe("I'm sorry, I can't help with that.");
    expect(joinDeltas(parts, 'text-delta')).toBe('');
  });

  describe('tool calls', () => {
    it('keeps the upstream index and announces id and name on the first delta only', async () => {
      const { parts } = await streamWith(sseResponse(openAIParallelToolCallSteps()));
      const deltas = parts.filter((part) => part.type === 'tool-call-delta');
      expect(deltas).toEqual([
        { type: 'tool-call-delta', index: 0, id: 'call_weather_paris', name: 'get_weather', argumentsDelta: '' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris","unit":"celsius"}' },
        { type: 'tool-call-delta', index: 1, id: 'call_weather_tokyo', name: 'get_weather', argumentsDelta: '' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":"Tok' },
        { type: 'tool-call-delta', index: 1, argumentsDelta: 'yo","unit":"celsius"}' },
      ]);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls', usage: { completionTokens: 48 } });
    });

    it('handles a repeated id on every delta and a name that arrives late', async () => {
      const { parts } = await streamWith(
        sseResponse([
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { arguments: '' } }] })),
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'search', arguments: '{"q":' } }] })),
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'search', arguments: '"x"}' } }] })),
          sse.data(openAIChunk({}, 'tool_calls')),
          sse.done(),
        ]),
      );
      const deltas = parts.filter((part) => part.type === 'tool-call-delta');
      expect(deltas).toEqual([
        { type: 'tool-call-delta', index: 0, id: 'call_a', argumentsDelta: '' },
        { type: 'tool-call-delta', index: 0, name: 'search', argumentsDelta: '{"q":' },
        { type: 'tool-call-delta', index: 0, argumentsDelta: '"x"}' },
      ]);
    });

    it('separates parallel calls that reuse one index with different ids', async () => {
      const { parts } = await streamWith(
        sseResponse([
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"n":1}' } }] })),
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"n":' } }] })),
          sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '2}' } }] })),
          sse.data(openAIChunk({}, 'tool_calls')),
          sse.done(),
        ]),
      );
      expect(assembleToolCalls(parts)).toEqual([
        { index: 0, id: 'call_a', name: 'f', arguments: '{"n":1}' },
        { index: 1, id: 'call_b', name: 'g', arguments: '{"n":2}' },
      ]);
    });

    it('numbers calls without an index, synthesises missing ids, and takes whole calls in one chunk', async () => {
      const { parts } = await streamWith(
        sseResponse([
          sse.data(
            openAIChunk({
              tool_calls: [
                { id: 'call_x', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
                { type: 'function', function: { name: 'g', arguments: { b: 2 } } },
              ],
            }),
          ),
          sse.data(openAIChunk({}, 'tool_calls')),
          sse.done(),
        ]),
      );
      const calls = assembleToolCalls(parts);
      expect(calls).toHaveLength(2);
      expect(calls[0]).toEqual({ index: 0, id: 'call_x', name: 'f', arguments: '{"a":1}' });
      expect(calls[1]).toMatchObject({ name: 'g', arguments: '{"b":2}' });
      expect(calls[1]?.index).toBe(0 + 1);
      expect(calls[1]?.id).toMatch(/^call_/);
    });

    it('continues an id-less call on later deltas instead of starting new ones', async () => {
      const { parts } = await streamWith(
        sseResponse([
          sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{"a"' } }] })),
          sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_late', function: { arguments: ':1}' } }] })),
          sse.data(openAIChunk({}, 'tool_calls')),
          sse.done(),
        ]),
      );
      const calls = assembleToolCalls(parts);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ index: 0, name: 'f', arguments: '{"a":1}' });
    });
  });

  describe('failures', () => {
    it('a body that ends without finish_reason or [DONE] is upstream_connection', async () => {
      const { parts, thrown } = await streamWith(sseResponse([sse.data(openAIChunk({ role: 'assistant', content: 'Hello' }))]));
      expect(joinDeltas(parts, 'text-delta')).toBe('Hello');
      expect(thrown).toBeInstanceOf(GatewayError);
      expect(thrown).toMatchObject({ kind: 'upstream_connection', message: 'Fake Provider stream ended before completion' });
    });

    it('a connection dropped mid-stream is upstream_connection', async () => {
      const { parts, thrown } = await streamWith(sseResponse([sse.data(openAIChunk({ content: 'Hel' })), sse.raw('data: {"id":"chatcmpl-123","cho')], 'drop'));
      expect(joinDeltas(parts, 'text-delta')).toBe('Hel');
      expect(thrown).toMatchObject({ kind: 'upstream_connection' });
    });

    it('a connection dropped after the finish_reason still ends with finish (the answer is whole)', async () => {
      const { parts, thrown } = await streamWith(sseResponse([sse.data(openAIChunk({ content: 'Hi' })), sse.data(openAIChunk({}, 'stop'))], 'drop'));
      expect(thrown).toBeUndefined();
      expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop' });
    });

    it('a chunk that is not JSON is upstream_invalid_response', async () => {
      const { thrown } = await streamWith(sseResponse([sse.data(openAIChunk({ content: 'Hi' })), sse.raw('data: {not json}\n\n'), sse.done()]));
      expect(thrown).toMatchObject({ kind: 'upstream_invalid_response' });
    });

    it('a chunk of the wrong shape is upstream_invalid_response', async () => {
      const { thrown } = await streamWith(sseResponse([sse.data({ id: 'x', choices: [{ index: 0, delta: { content: 42 } }] }), sse.done()]));
      expect(thrown).toMatchObject({ kind: 'upstream_invalid_response' });
      const { thrown: notArray } = await streamWith(sseResponse([sse.data({ id: 'x', choices: 'all of them' }), sse.done()]));
      expect(notArray).toMatchObject({ kind: 'upstream_invalid_response' });
    });

    it('an error chunk is yielded as an error part and ends the stream', async () => {
      const { parts, thrown } = await streamWith(
        sseResponse([
          sse.data(openAIChunk({ role: 'assistant', content: 'Par' })),
          sse.data({ id: 'gen-1', object: 'chat.completion.chunk', error: { code: 'server_error', message: 'The model crashed' }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] }),
          sse.data(openAIChunk({ content: 'ignored after the error' })),
          sse.done(),
        ]),
      );
      expect(thrown).toBeUndefined();
      expect(parts.map((part) => part.type)).toEqual(['response-metadata', 'text-delta', 'error']);
      const last = parts.at(-1) as Extract<StreamPart, { type: 'error' }>;
      expect(last.error).toMatchObject({ kind: 'upstream_http', metadata: { provider_code: 'server_error', raw_message: 'The model crashed' } });
    });

    it('an error chunk on a connection the upstream keeps open ends the stream and closes it', async () => {
      upstream.current.enqueue(
        sseResponse([sse.data(openAIChunk({ content: 'Hi' })), sse.data({ id: 'gen-2', error: { code: 502, message: 'Upstream died' }, choices: [] })], 'hang'),
      );
      const { parts, thrown } = await collectStream(await openAIAdapter.stream(chatRequest({ stream: true }), call()), mode);
      expect(thrown).toBeUndefined();
      expect(parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream_http', upstreamStatus: 502 } });
      expect(await withTimeout(upstream.current.lastRequest().clientClosedEarly, 2_000)).toBe('settled');
    });

    it('a non-2xx answer rejects stream() with the mapped error, never yielding parts', async () => {
      upstream.current.enqueue({ type: 'json', status: 401, body: openAIErrorBody(401) });
      const error = await rejectionOf(openAIAdapter.stream(chatRequest({ stream: true }), call()));
      expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 401 });
      expect(errorText(error)).not.toContain(TEST_API_KEY);
    });

    it('a 200 JSON error body to a streamed request rejects stream()', async () => {
      upstream.current.enqueue({ type: 'json', body: { error: { code: 503, message: 'No instances available' } } });
      const error = await rejectionOf(openAIAdapter.stream(chatRequest({ stream: true }), call()));
      expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 503 });
    });

    it('a server that ignores stream:true and answers JSON is replayed as parts', async () => {
      const { parts } = await streamWith({ type: 'json', body: openAIChatCompletion() });
      expect(parts).toEqual([
        { type: 'response-metadata', upstreamId: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT', upstreamModel: OPENAI_MODEL },
        { type: 'text-delta', delta: 'Hello! How can I help you today?' },
        { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage },
      ]);
    });
  });

  describe('connection handling', () => {
    it('aborting mid-stream closes the upstream connection', async () => {
      upstream.current.enqueue(sseResponse([sse.data(openAIChunk({ role: 'assistant', content: 'Hello' }))], 'hang'));
      const controller = new AbortController();
      const iterator = (await openAIAdapter.stream(chatRequest({ stream: true }), call(controller.signal)))[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ type: 'response-metadata' });
      expect((await iterator.next()).value).toEqual({ type: 'text-delta', delta: 'Hello' });
      const recorded = upstream.current.lastRequest();
      expect(await withTimeout(recorded.clientClosedEarly, 200)).toBe('timeout');
      controller.abort();
      await expect(iterator.next()).rejects.toMatchObject({ kind: 'cancelled' });
      expect(await withTimeout(recorded.clientClosedEarly, 2_000)).toBe('settled');
    });

    it('hands the parts of one network read over synchronously once the first one was awaited', async () => {
      const steps = openAITextStreamSteps(['Hello', ' there', '!']);
      const body = steps.map((step) => (step.kind === 'data' ? `data: ${JSON.stringify(step.value)}\n\n` : step.kind === 'raw' ? step.text : '')).join('');
      upstream.current.enqueue(sseResponse([sse.raw(body)]));
      const iterator = (await openAIAdapter.stream(chatRequest({ stream: true }), call()))[Symbol.asyncIterator]();
      const first = await iterator.next();
      const atHand: StreamPart[] = [];
      for (let step = takeReady(iterator); step !== undefined && step.done !== true; step = takeReady(iterator)) atHand.push(step.value);
      expect([first.value, ...atHand]).toEqual([
        { type: 'response-metadata', upstreamId: 'chatcmpl-123', upstreamModel: OPENAI_MODEL },
        { type: 'text-delta', delta: 'Hello' },
        { type: 'text-delta', delta: ' there' },
        { type: 'text-delta', delta: '!' },
        { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage },
      ]);
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    });

    it('a consumer that stops reading early releases the upstream connection', async () => {
      upstream.current.enqueue(sseResponse([sse.data(openAIChunk({ role: 'assistant', content: 'Hello' }))], 'hang'));
      const stream = await openAIAdapter.stream(chatRequest({ stream: true }), call());
      for await (const part of stream) if (part.type === 'text-delta') break;
      expect(await withTimeout(upstream.current.lastRequest().clientClosedEarly, 2_000)).toBe('settled');
    });

    it('reuses keep-alive connections for later requests once streams are fully read', async () => {
      const rounds = 6;
      for (let round = 0; round < rounds; round++) {
        // The body ends a moment after [DONE]: the adapter must read to the end, not drop the socket.
        upstream.current.enqueue(sseResponse([...openAITextStreamSteps([`part ${round}`]), sse.pause(30)]));
        const { thrown } = await collectStream(await openAIAdapter.stream(chatRequest({ stream: true }), call()), mode);
        expect(thrown).toBeUndefined();
      }
      // undici may open a second socket while the first is being returned to the pool, but a
      // stream that closed its connection would need a new socket (a new port) every round.
      const ports = new Set(upstream.current.requests.map((request) => request.remotePort));
      expect(upstream.current.requests).toHaveLength(rounds);
      expect(ports.size).toBeLessThanOrEqual(2);
    });
  });

  describe('legacy completions (text kind)', () => {
    it('streams choices[].text as text deltas from /completions', async () => {
      const textChunk = (text: string, finishReason: string | null) => ({
        id: 'cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe',
        object: 'text_completion',
        created: 1690759702,
        choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
        model: 'gpt-3.5-turbo-instruct',
      });
      const { parts, thrown } = await streamWith(
        sseResponse([
          sse.data(textChunk('This', null)),
          sse.data(textChunk(' is a test', null)),
          sse.data(textChunk('', 'stop')),
          sse.data({ id: 'cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe', object: 'text_completion', created: 1690759702, choices: [], model: 'gpt-3.5-turbo-instruct', usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } }),
          sse.done(),
        ]),
        chatRequest({ kind: 'text', prompt: 'Say this is a test', stream: true }),
      );
      expect(thrown).toBeUndefined();
      const recorded = upstream.current.lastRequest();
      expect(recorded.path).toBe('/v1/completions');
      expect(recorded.body).toEqual({ model: 'gpt-4o-mini-2024-07-18', prompt: 'Say this is a test', stream: true, stream_options: { include_usage: true } });
      expect(parts).toEqual([
        { type: 'response-metadata', upstreamId: 'cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe', upstreamModel: 'gpt-3.5-turbo-instruct' },
        { type: 'text-delta', delta: 'This' },
        { type: 'text-delta', delta: ' is a test' },
        { type: 'finish', finishReason: 'stop', nativeFinishReason: 'stop', usage: { promptTokens: 5, completionTokens: 4 } },
      ]);
    });
  });
});
