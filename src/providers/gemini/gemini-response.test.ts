import { describe, expect, it } from 'vitest';
import { makeTestEndpoint, TEST_API_KEY } from '../test-support/make-test-endpoint.js';
import { chatRequest, errorText, rejectionOf } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import {
  functionCallPart,
  GEMINI_MODEL,
  GEMINI_SECOND_SIGNATURE,
  GEMINI_SIGNATURE,
  geminiErrorBody,
  geminiInvalidKeyBody,
  geminiResponse,
} from '../test-support/gemini-fixtures.js';
import { geminiAdapter } from './gemini-adapter.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

const upstream = useFakeUpstream('/v1beta');

function call() {
  return { endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: 'gemini-response', name: 'Google AI Studio', adapter: 'gemini', upstreamModel: GEMINI_MODEL }), signal: new AbortController().signal, clientHeaders: {} };
}

describe('Gemini response', () => {
  it('returns thoughts as reasoning, text as content, and each signature tied to its part', async () => {
    upstream.current.enqueue({
      type: 'json',
      body: geminiResponse({
        parts: [
          { text: 'The user wants the weather in two cities.', thought: true },
          { text: 'Let me check both.' },
          functionCallPart({ name: 'get_weather', arguments: '{"location":"Paris"}' }, GEMINI_SIGNATURE),
          functionCallPart({ name: 'get_weather', arguments: '{"location":"Tokyo"}' }),
        ],
        usage: { promptTokenCount: 60, candidatesTokenCount: 40, thoughtsTokenCount: 120, totalTokenCount: 220 },
      }),
    });
    const result = await geminiAdapter.complete(chatRequest({ tools: [{ name: 'get_weather' }], reasoning: { effort: 'low' } }), call());
    expect(result.reasoning).toBe('The user wants the weather in two cities.');
    expect(result.content).toBe('Let me check both.');
    expect(result.toolCalls.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
      { name: 'get_weather', args: '{"location":"Paris"}' },
      { name: 'get_weather', args: '{"location":"Tokyo"}' },
    ]);
    const [paris, tokyo] = result.toolCalls;
    expect(paris?.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(tokyo?.id).not.toBe(paris?.id);
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.encrypted', data: GEMINI_SIGNATURE, id: paris?.id, format: 'google-gemini-v1', index: 0 }]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.nativeFinishReason).toBe('STOP');
    expect(result.usage).toEqual({ promptTokens: 60, completionTokens: 160, reasoningTokens: 120 });
  });

  it('keeps a text part\'s signature without a tool call id', async () => {
    upstream.current.enqueue({ type: 'json', body: geminiResponse({ parts: [{ text: 'Hello!', thoughtSignature: GEMINI_SECOND_SIGNATURE }] }) });
    const result = await geminiAdapter.complete(chatRequest(), call());
    expect(result.reasoningDetails).toEqual([{ type: 'reasoning.encrypted', data: GEMINI_SECOND_SIGNATURE, id: null, format: 'google-gemini-v1', index: 0 }]);
    expect(result.reasoning).toBeUndefined();
  });

  it('uses Gemini\'s own functionCall id when it sends one', async () => {
    upstream.current.enqueue({ type: 'json', body: geminiResponse({ parts: [functionCallPart({ id: 'fc_123', name: 'f', arguments: '{}' })] }) });
    const result = await geminiAdapter.complete(chatRequest(), call());
    expect(result.toolCalls).toEqual([{ id: 'fc_123', name: 'f', arguments: '{}' }]);
  });

  it('maps every finish reason', () => {
    const table: [string, boolean, string | null][] = [
      ['STOP', false, 'stop'],
      ['STOP', true, 'tool_calls'],
      ['MAX_TOKENS', false, 'length'],
      ['MAX_TOKENS', true, 'length'],
      ['SAFETY', false, 'content_filter'],
      ['RECITATION', false, 'content_filter'],
      ['BLOCKLIST', false, 'content_filter'],
      ['PROHIBITED_CONTENT', false, 'content_filter'],
      ['SPII', false, 'content_filter'],
      ['IMAGE_SAFETY', false, 'content_filter'],
      ['MALFORMED_FUNCTION_CALL', false, 'error'],
      ['OTHER', false, 'error'],
      ['SOMETHING_NEW', false, null],
    ];
    for (const [raw, hasTools, expected] of table) expect(mapGeminiFinishReason(raw, hasTools)).toBe(expected);
    expect(mapGeminiFinishReason(undefined, false)).toBeNull();
  });

  it('reports a safety stop as content_filter with what was generated so far', async () => {
    upstream.current.enqueue({ type: 'json', body: geminiResponse({ parts: [{ text: 'Here is how' }], finishReason: 'SAFETY' }) });
    const result = await geminiAdapter.complete(chatRequest(), call());
    expect(result).toMatchObject({ content: 'Here is how', finishReason: 'content_filter', nativeFinishReason: 'SAFETY' });
  });

  it('turns a blocked prompt into a 400 that names the block reason', async () => {
    upstream.current.enqueue({
      type: 'json',
      body: {
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT', safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }] },
        usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
        modelVersion: GEMINI_MODEL,
        responseId: 'abc',
      },
    });
    const error = await rejectionOf(geminiAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, metadata: { block_reason: 'PROHIBITED_CONTENT', error_type: 'prompt_blocked', provider_name: 'Google AI Studio' } });
    expect(error.message).toContain('blocked the prompt');
    expect(error.message).toContain('PROHIBITED_CONTENT');
  });

  it('a body that is JSON but not a GenerateContentResponse is upstream_invalid_response', async () => {
    upstream.current.enqueue({ type: 'json', body: { candidates: 'none' } });
    expect((await rejectionOf(geminiAdapter.complete(chatRequest(), call()))).kind).toBe('upstream_invalid_response');
  });
});

describe('Gemini errors', () => {
  it('400 API_KEY_INVALID is the operator\'s key: upstream_auth, not a client error', async () => {
    upstream.current.enqueue({ type: 'json', status: 400, body: geminiInvalidKeyBody() });
    const error = await rejectionOf(geminiAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 400, status: 502, metadata: { provider_reason: 'API_KEY_INVALID', provider_code: 'INVALID_ARGUMENT' } });
    expect(error.message).toContain('API_KEY_INVALID');
  });

  it('400 INVALID_ARGUMENT is the request\'s fault, with Google\'s message and status kept', async () => {
    upstream.current.enqueue({ type: 'json', status: 400, body: geminiErrorBody(400) });
    const error = await rejectionOf(geminiAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'upstream_http', status: 400, upstreamStatus: 400, metadata: { provider_code: 'INVALID_ARGUMENT' } });
    expect(error.message).toContain('temperature: must be in [0.0, 2.0]');
  });

  it('429 RESOURCE_EXHAUSTED takes its wait from RetryInfo; a Retry-After header wins', async () => {
    upstream.current.enqueue({ type: 'json', status: 429, body: geminiErrorBody(429, 13) });
    expect(await rejectionOf(geminiAdapter.complete(chatRequest(), call()))).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 13, metadata: { provider_code: 'RESOURCE_EXHAUSTED' } });
    upstream.current.enqueue({ type: 'json', status: 429, headers: { 'retry-after': '4' }, body: geminiErrorBody(429, 13) });
    expect(await rejectionOf(geminiAdapter.complete(chatRequest(), call()))).toMatchObject({ retryAfterSeconds: 4 });
  });

  it('403 PERMISSION_DENIED is upstream_auth and the key Google echoed is scrubbed', async () => {
    upstream.current.enqueue({ type: 'json', status: 403, body: geminiErrorBody(403) });
    const error = await rejectionOf(geminiAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 403 });
    expect(errorText(error)).not.toContain(TEST_API_KEY);
    expect(errorText(error)).toContain('[redacted]');
  });

  it('a streamed request\'s 503 UNAVAILABLE rejects before any part, and an HTML error page still gives the status', async () => {
    upstream.current.enqueue({ type: 'json', status: 503, body: geminiErrorBody(503) });
    expect(await rejectionOf(geminiAdapter.stream(chatRequest({ stream: true }), call()))).toMatchObject({ kind: 'upstream_http', upstreamStatus: 503, metadata: { provider_code: 'UNAVAILABLE' } });
    upstream.current.enqueue({ type: 'text', status: 502, body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' });
    expect(await rejectionOf(geminiAdapter.complete(chatRequest(), call()))).toMatchObject({ kind: 'upstream_http', upstreamStatus: 502 });
  });
});
