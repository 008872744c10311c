import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { ANTHROPIC_MESSAGE_ID, ANTHROPIC_MODEL, ANTHROPIC_REDACTED_DATA, ANTHROPIC_SIGNATURE, anthropicErrorResponse, anthropicMessage } from '../test-support/anthropic-fixtures.js';
import { makeTestEndpoint, TEST_API_KEY } from '../test-support/make-test-endpoint.js';
import { chatRequest, errorText, rejectionOf } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { readAnthropicResponse } from './convert-anthropic-response.js';

const context = { providerName: 'Anthropic', apiKey: TEST_API_KEY };

function read(body: unknown): ReturnType<typeof readAnthropicResponse> {
  return readAnthropicResponse(JSON.stringify(body), context);
}

describe('Anthropic non-streamed answers', () => {
  it('reads thinking, redacted thinking, text and tool calls in order', () => {
    const result = read(
      anthropicMessage({
        content: [
          { type: 'thinking', thinking: 'The user wants the weather. ', signature: ANTHROPIC_SIGNATURE },
          { type: 'redacted_thinking', data: ANTHROPIC_REDACTED_DATA },
          { type: 'text', text: "I'll check " },
          { type: 'text', text: 'both cities.', citations: null },
          { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'Paris', unit: 'celsius' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_time', input: {} },
        ],
        stopReason: 'tool_use',
      }),
    );
    expect(result).toEqual({
      upstreamId: ANTHROPIC_MESSAGE_ID,
      upstreamModel: ANTHROPIC_MODEL,
      content: "I'll check both cities.",
      reasoning: 'The user wants the weather. ',
      reasoningDetails: [
        { type: 'reasoning.text', text: 'The user wants the weather. ', signature: ANTHROPIC_SIGNATURE, format: 'anthropic-claude-v1', index: 0 },
        { type: 'reasoning.encrypted', data: ANTHROPIC_REDACTED_DATA, format: 'anthropic-claude-v1', index: 1 },
      ],
      toolCalls: [
        { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' },
        { id: 'toolu_01B', name: 'get_time', arguments: '{}' },
      ],
      finishReason: 'tool_calls',
      nativeFinishReason: 'tool_use',
      usage: { promptTokens: 19, completionTokens: 10 },
    });
  });

  it('maps every stop_reason and keeps the native one', () => {
    const cases: [string, string | null][] = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['pause_turn', 'stop'],
      ['max_tokens', 'length'],
      ['tool_use', 'tool_calls'],
      ['refusal', 'content_filter'],
      ['something_new', null],
    ];
    for (const [native, expected] of cases) {
      const result = read(anthropicMessage({ stopReason: native }));
      expect([result.finishReason, result.nativeFinishReason], native).toEqual([expected, native]);
    }
    expect(read(anthropicMessage({ stopReason: null })).finishReason).toBeNull();
  });

  it('counts cache reads and writes into the prompt and splits them out', () => {
    const result = read(anthropicMessage({ usage: { input_tokens: 3, cache_creation_input_tokens: 2051, cache_read_input_tokens: 0, output_tokens: 393 } }));
    expect(result.usage).toEqual({ promptTokens: 2054, completionTokens: 393, cacheWriteTokens: 2051 });
  });

  it('an answer of only non-text blocks has null content', () => {
    const result = read(anthropicMessage({ content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } }] }));
    expect(result.content).toBeNull();
    expect(result.toolCalls).toEqual([]);
  });

  it('an error object sent with a 200 is classified by its type', () => {
    let thrown: unknown;
    try {
      read({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'upstream_http', upstreamStatus: 529 });
  });

  it('a message that breaks the schema is upstream_invalid_response, with the key scrubbed', () => {
    let thrown: unknown;
    try {
      read({ type: 'message', content: 'not blocks', note: TEST_API_KEY });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayError);
    expect((thrown as GatewayError).kind).toBe('upstream_invalid_response');
    expect(errorText(thrown as GatewayError)).not.toContain(TEST_API_KEY);
  });
});

describe('Anthropic error statuses', () => {
  const upstream = useFakeUpstream();
  const call = (): Parameters<typeof anthropicAdapter.complete>[1] => ({
    endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, adapter: 'anthropic', upstreamModel: ANTHROPIC_MODEL }),
    signal: new AbortController().signal,
    clientHeaders: {},
  });

  it('529 overloaded_error is a retryable upstream_http with status 529', async () => {
    upstream.current.enqueue(anthropicErrorResponse(529));
    const error = await rejectionOf(anthropicAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 529, status: 502 });
    expect(error.metadata).toMatchObject({ provider_code: 'overloaded_error', raw_message: 'Overloaded' });
  });

  it('429 rate_limit_error keeps retry-after', async () => {
    upstream.current.enqueue(anthropicErrorResponse(429, 12));
    const error = await rejectionOf(anthropicAdapter.complete(chatRequest(), call()));
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 12 });
    expect(error.metadata).toMatchObject({ provider_code: 'rate_limit_error' });
  });

  it('authentication_error and permission_error are upstream_auth', async () => {
    upstream.current.enqueue(anthropicErrorResponse(401), anthropicErrorResponse(403));
    expect(await rejectionOf(anthropicAdapter.complete(chatRequest(), call()))).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 401 });
    expect(await rejectionOf(anthropicAdapter.complete(chatRequest(), call()))).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 403 });
  });

  it('invalid_request_error is the client\'s 400 with the upstream message; api_error is a 502', async () => {
    upstream.current.enqueue(anthropicErrorResponse(400), anthropicErrorResponse(500));
    const invalid = await rejectionOf(anthropicAdapter.complete(chatRequest(), call()));
    expect(invalid).toMatchObject({ kind: 'upstream_http', status: 400, upstreamStatus: 400 });
    expect(invalid.message).toContain('tool_result');
    expect(await rejectionOf(anthropicAdapter.complete(chatRequest(), call()))).toMatchObject({ kind: 'upstream_http', status: 502, upstreamStatus: 500 });
  });

  it('a streamed request that the upstream answers with one JSON message is replayed as parts', async () => {
    upstream.current.enqueue({ type: 'json', body: anthropicMessage() });
    const parts = [];
    for await (const part of await anthropicAdapter.stream(chatRequest({ stream: true }), call())) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual(['response-metadata', 'text-delta', 'finish']);
  });
});
