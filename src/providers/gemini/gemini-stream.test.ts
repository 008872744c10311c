import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { sse } from '../test-support/fake-upstream.js';
import { makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { assembleToolCalls, chatRequest, collectStream, joinDeltas } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { functionCallPart, GEMINI_MODEL, GEMINI_RESPONSE_ID, GEMINI_SIGNATURE, geminiChunk } from '../test-support/gemini-fixtures.js';
import { geminiAdapter } from './gemini-adapter.js';

const upstream = useFakeUpstream('/v1beta');

function call() {
  return { endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: 'gemini-stream', adapter: 'gemini', upstreamModel: GEMINI_MODEL }), signal: new AbortController().signal, clientHeaders: {} };
}

async function streamOf(steps: ReturnType<typeof sse.data>[], end: 'close' | 'drop' = 'close') {
  upstream.current.enqueue({ type: 'sse', steps, end });
  return collectStream(await geminiAdapter.stream(chatRequest({ stream: true, tools: [{ name: 'get_weather' }], reasoning: { effort: 'low' } }), call()));
}

describe('Gemini stream', () => {
  it('streams thoughts, then the signature and the whole tool call, then finish tool_calls with usage', async () => {
    const { parts, thrown } = await streamOf([
      sse.data(geminiChunk([{ text: 'The user asks about Paris. ', thought: true }])),
      sse.data(geminiChunk([{ text: 'I will call get_weather.', thought: true }])),
      sse.data(geminiChunk([functionCallPart({ name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' }, GEMINI_SIGNATURE)], 'STOP', { candidatesTokenCount: 21, thoughtsTokenCount: 64, totalTokenCount: 104 })),
    ]);
    expect(thrown).toBeUndefined();
    expect(parts[0]).toEqual({ type: 'response-metadata', upstreamId: GEMINI_RESPONSE_ID, upstreamModel: GEMINI_MODEL });
    expect(joinDeltas(parts, 'reasoning-delta')).toBe('The user asks about Paris. I will call get_weather.');
    const toolDeltas = parts.filter((part) => part.type === 'tool-call-delta');
    expect(toolDeltas).toHaveLength(1);
    const [call] = assembleToolCalls(parts);
    expect(call).toMatchObject({ index: 0, name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' });
    expect(call?.id).toMatch(/^call_/);
    const details = parts.filter((part) => part.type === 'reasoning-details');
    expect(details).toEqual([{ type: 'reasoning-details', details: [{ type: 'reasoning.encrypted', data: GEMINI_SIGNATURE, id: call?.id, format: 'google-gemini-v1', index: 0 }] }]);
    expect(parts.indexOf(details[0]!)).toBeLessThan(parts.indexOf(toolDeltas[0]!));
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'tool_calls', nativeFinishReason: 'STOP', usage: { promptTokens: 19, completionTokens: 85, reasoningTokens: 64 } });
  });

  it('an empty text part that only carries a signature gives no text delta', async () => {
    const { parts } = await streamOf([sse.data(geminiChunk([{ text: 'Hi.' }])), sse.data(geminiChunk([{ text: '', thoughtSignature: GEMINI_SIGNATURE }], 'STOP'))]);
    expect(parts.filter((part) => part.type === 'text-delta')).toEqual([{ type: 'text-delta', delta: 'Hi.' }]);
    expect(parts.find((part) => part.type === 'reasoning-details')).toMatchObject({ details: [{ data: GEMINI_SIGNATURE, id: null }] });
  });

  it('MAX_TOKENS ends the stream with length', async () => {
    const { parts } = await streamOf([sse.data(geminiChunk([{ text: 'Once upon a' }], 'MAX_TOKENS'))]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length', nativeFinishReason: 'MAX_TOKENS' });
  });

  it('a blocked prompt is one error part naming the reason', async () => {
    const { parts, thrown } = await streamOf([sse.data({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 }, modelVersion: GEMINI_MODEL, responseId: 'r1' })]);
    expect(thrown).toBeUndefined();
    const last = parts.at(-1);
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' ? last.error : undefined).toMatchObject({ kind: 'bad_request', status: 400, metadata: { block_reason: 'SAFETY' } });
    expect(parts.some((part) => part.type === 'finish')).toBe(false);
  });

  it('a body that ends cleanly before any finishReason is upstream_connection', async () => {
    const { parts, thrown } = await streamOf([sse.data(geminiChunk([{ text: 'Hello' }]))]);
    expect(joinDeltas(parts, 'text-delta')).toBe('Hello');
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).kind).toBe('upstream_connection');
  });

  it('a connection lost after the finishReason still finishes normally', async () => {
    const { parts, thrown } = await streamOf([sse.data(geminiChunk([{ text: 'Done.' }], 'STOP'))], 'drop');
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('a malformed usageMetadata is dropped (the gateway counts), not fatal', async () => {
    const { parts, thrown } = await streamOf([sse.data({ ...geminiChunk([{ text: 'Hi.' }], 'STOP'), usageMetadata: { promptTokenCount: 'many' } })]);
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', nativeFinishReason: 'STOP' });
  });

  it('a chunk that is not a GenerateContentResponse throws upstream_invalid_response', async () => {
    const { thrown } = await streamOf([sse.data(geminiChunk([{ text: 'Hi' }])), sse.data({ candidates: [{ content: { parts: [{ text: 42 }] } }] })]);
    expect((thrown as GatewayError).kind).toBe('upstream_invalid_response');
  });
});
