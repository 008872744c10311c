import { describe, expect, it } from 'vitest';
import type { UpstreamCall } from '../provider-adapter.js';
import type { ScriptedResponse } from '../test-support/fake-upstream.js';
import { TEST_API_KEY, makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { openAIChatCompletion, openAIErrorBody } from '../test-support/openai-fixtures.js';
import { chatRequest, errorText, rejectionOf } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { openAIAdapter } from './openai-adapter.js';

/** Non-streamed answers and upstream errors, through real HTTP. */

const upstream = useFakeUpstream();

function call(): UpstreamCall {
  return {
    endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: 'response-test', name: 'Acme AI' }),
    signal: new AbortController().signal,
    clientHeaders: {},
  };
}

function completeWith(response: ScriptedResponse) {
  upstream.current.enqueue(response);
  return openAIAdapter.complete(chatRequest(), call());
}

describe('OpenAI chat completion', () => {
  it('maps a plain answer with ids, model, finish reason and usage', async () => {
    const result = await completeWith({ type: 'json', body: openAIChatCompletion() });
    expect(result).toEqual({
      upstreamId: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      upstreamModel: 'gpt-4o-mini-2024-07-18',
      content: 'Hello! How can I help you today?',
      toolCalls: [],
      finishReason: 'stop',
      nativeFinishReason: 'stop',
      usage: { promptTokens: 19, completionTokens: 10 },
    });
  });

  it('maps cache reads, cache writes and reasoning tokens', async () => {
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({
        usage: {
          prompt_tokens: 3000,
          completion_tokens: 500,
          total_tokens: 3500,
          prompt_tokens_details: { cached_tokens: 2048, cache_write_tokens: 900 },
          completion_tokens_details: { reasoning_tokens: 320 },
        },
      }),
    });
    expect(result.usage).toEqual({ promptTokens: 3000, completionTokens: 500, cachedTokens: 2048, cacheWriteTokens: 900, reasoningTokens: 320 });
  });

  it('reads DeepSeek cache hits and reasoning_content', async () => {
    const result = await completeWith({
      type: 'json',
      body: {
        id: '930c60df-bf64-41c9-a88e-3ec75f81e00e',
        object: 'chat.completion',
        created: 1705651092,
        model: 'deepseek-reasoner',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: '9.11 is smaller.', reasoning_content: 'Compare 9.11 and 9.8 digit by digit.' },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 16, completion_tokens: 120, total_tokens: 136, prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: 16, completion_tokens_details: { reasoning_tokens: 100 } },
      },
    });
    expect(result.reasoning).toBe('Compare 9.11 and 9.8 digit by digit.');
    expect(result.content).toBe('9.11 is smaller.');
    expect(result.usage).toEqual({ promptTokens: 16, completionTokens: 120, reasoningTokens: 100 });
  });

  it('keeps OpenRouter reasoning and reasoning_details unchanged, dropping unknown entries', async () => {
    const details = [
      { type: 'reasoning.text', text: 'Think.', signature: 'sig-abc', id: null, format: 'anthropic-claude-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'eyJlbmMiOiJ…', id: 'rs_9', format: 'openai-responses-v1', index: 1, extra_field: 7 },
    ];
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({ message: { reasoning: 'Think.', reasoning_details: [...details, { type: 'reasoning.future' }, 'garbage'] } }),
    });
    expect(result.reasoning).toBe('Think.');
    expect(result.reasoningDetails).toEqual(details);
  });

  it('prefers reasoning over a duplicate reasoning_content', async () => {
    const result = await completeWith({ type: 'json', body: openAIChatCompletion({ message: { reasoning: 'A', reasoning_content: 'A (legacy)' } }) });
    expect(result.reasoning).toBe('A');
  });

  it('maps a refusal with null content', async () => {
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({ message: { content: null, refusal: "I'm sorry, I can't help with that." } }),
    });
    expect(result.content).toBeNull();
    expect(result.refusal).toBe("I'm sorry, I can't help with that.");
  });

  it('maps parallel tool calls; a missing id is synthesised and object arguments are serialised', async () => {
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({
        message: {
          content: null,
          tool_calls: [
            { id: 'call_paris', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
            { type: 'function', function: { name: 'get_weather', arguments: { location: 'Tokyo' } } },
          ],
        },
        finishReason: 'tool_calls',
      }),
    });
    expect(result.content).toBeNull();
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls[0]).toEqual({ id: 'call_paris', name: 'get_weather', arguments: '{"location":"Paris"}' });
    expect(result.toolCalls[1]).toMatchObject({ name: 'get_weather', arguments: '{"location":"Tokyo"}' });
    expect(result.toolCalls[1]?.id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('maps the legacy function_call form to a tool call', async () => {
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({ message: { content: null, function_call: { name: 'lookup', arguments: '{}' } }, finishReason: 'function_call' }),
    });
    expect(result.toolCalls).toMatchObject([{ name: 'lookup', arguments: '{}' }]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.nativeFinishReason).toBe('function_call');
  });

  it('joins the text parts of array content (Mistral reasoning models)', async () => {
    const result = await completeWith({
      type: 'json',
      body: openAIChatCompletion({
        message: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] }, { type: 'text', text: 'Answer: 4' }] },
      }),
    });
    expect(result.content).toBe('Answer: 4');
  });

  it('leaves usage out when the upstream sent none', async () => {
    const result = await completeWith({ type: 'json', body: openAIChatCompletion({ usage: null }) });
    expect(result.usage).toBeUndefined();
  });

  const finishReasons: [string | null, string | null][] = [
    ['stop', 'stop'],
    ['length', 'length'],
    ['tool_calls', 'tool_calls'],
    ['content_filter', 'content_filter'],
    ['function_call', 'tool_calls'],
    ['eos', 'stop'],
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['error', 'error'],
    ['SAFETY', 'content_filter'],
    ['something_new', null],
    [null, null],
  ];
  it.each(finishReasons)('finish_reason %s becomes %s, keeping the raw value', async (raw, expected) => {
    const result = await completeWith({ type: 'json', body: openAIChatCompletion({ finishReason: raw }) });
    expect(result.finishReason).toBe(expected);
    expect(result.nativeFinishReason).toBe(raw);
  });
});

describe('OpenAI legacy completions (text kind)', () => {
  it('POSTs the prompt to /completions and maps choices[0].text', async () => {
    upstream.current.enqueue({
      type: 'json',
      body: {
        id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
        object: 'text_completion',
        created: 1589478378,
        model: 'gpt-3.5-turbo-instruct',
        system_fingerprint: 'fp_44709d6fcb',
        choices: [{ text: '\n\nThis is indeed a test', index: 0, logprobs: null, finish_reason: 'length' }],
        usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
      },
    });
    const endpoint = makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: 'legacy', openai: { maxTokensField: 'max_completion_tokens' } });
    const result = await openAIAdapter.complete(
      chatRequest({ kind: 'text', prompt: 'Say this is a test', maxTokens: 7, temperature: 0, logprobs: true, topLogprobs: 2, stop: ['\n'] }),
      { endpoint, signal: new AbortController().signal, clientHeaders: {} },
    );
    const recorded = upstream.current.lastRequest();
    expect(recorded.path).toBe('/v1/completions');
    // max_tokens is the only limit /completions knows; logprobs is an integer there.
    expect(recorded.body).toEqual({ model: 'gpt-4o-mini-2024-07-18', prompt: 'Say this is a test', max_tokens: 7, temperature: 0, stop: ['\n'], logprobs: 2, stream: false });
    expect(result).toEqual({
      upstreamId: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
      upstreamModel: 'gpt-3.5-turbo-instruct',
      content: '\n\nThis is indeed a test',
      toolCalls: [],
      finishReason: 'length',
      nativeFinishReason: 'length',
      usage: { promptTokens: 5, completionTokens: 7 },
    });
  });

  it('builds the prompt from the messages when no raw prompt is given', async () => {
    upstream.current.enqueue({ type: 'json', body: { id: 'cmpl-1', object: 'text_completion', model: 'm', choices: [{ text: 'ok', index: 0, finish_reason: 'stop' }] } });
    await openAIAdapter.complete(chatRequest({ kind: 'text' }), call());
    expect(upstream.current.lastRequest().body).toMatchObject({ prompt: 'Hello!' });
  });

  it('rejects a chat-shaped answer to a text request as invalid', async () => {
    upstream.current.enqueue({ type: 'json', body: { id: 'x', choices: 'nope' } });
    const error = await rejectionOf(openAIAdapter.complete(chatRequest({ kind: 'text', prompt: 'p' }), call()));
    expect(error.kind).toBe('upstream_invalid_response');
  });
});

describe('OpenAI upstream errors', () => {
  it('400 keeps the status and the upstream message and code', async () => {
    const error = await rejectionOf(completeWith({ type: 'json', status: 400, body: openAIErrorBody(400) }));
    expect(error).toMatchObject({ kind: 'upstream_http', status: 400, upstreamStatus: 400 });
    expect(error.message).toContain("Invalid value for 'temperature'");
    expect(error.metadata).toMatchObject({ provider_code: 'invalid_value', provider_name: 'Acme AI' });
  });

  it('401 is upstream_auth (not the client\'s 401) and scrubs a key echoed by the upstream', async () => {
    const error = await rejectionOf(completeWith({ type: 'json', status: 401, body: openAIErrorBody(401, `Incorrect API key provided: ${TEST_API_KEY}.`) }));
    expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 401, status: 502 });
    expect(errorText(error)).not.toContain(TEST_API_KEY);
    expect(error.metadata?.raw_message).toBe('Incorrect API key provided: [redacted].');
  });

  it.each([402, 403])('%i is upstream_auth', async (status) => {
    const error = await rejectionOf(completeWith({ type: 'json', status, body: openAIErrorBody(status) }));
    expect(error).toMatchObject({ kind: 'upstream_auth', upstreamStatus: status });
  });

  it('429 reads Retry-After as seconds or as an HTTP date', async () => {
    const seconds = await rejectionOf(completeWith({ type: 'json', status: 429, headers: { 'retry-after': '20' }, body: openAIErrorBody(429) }));
    expect(seconds).toMatchObject({ kind: 'upstream_http', status: 429, upstreamStatus: 429, retryAfterSeconds: 20 });
    expect(seconds.metadata?.provider_code).toBe('rate_limit_exceeded');
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const date = await rejectionOf(completeWith({ type: 'json', status: 429, headers: { 'retry-after': inAMinute }, body: openAIErrorBody(429) }));
    expect(date.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(date.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('500 and 503 are upstream_http rendered as 502', async () => {
    const serverError = await rejectionOf(completeWith({ type: 'json', status: 500, body: openAIErrorBody(500) }));
    expect(serverError).toMatchObject({ kind: 'upstream_http', status: 502, upstreamStatus: 500 });
    const overloaded = await rejectionOf(completeWith({ type: 'json', status: 503, headers: { 'retry-after': '5' }, body: openAIErrorBody(503) }));
    expect(overloaded).toMatchObject({ kind: 'upstream_http', status: 502, upstreamStatus: 503, retryAfterSeconds: 5 });
  });

  it('an error page that is not JSON still gives the status and a short message', async () => {
    const error = await rejectionOf(
      completeWith({ type: 'text', status: 502, contentType: 'text/html', body: '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>' }),
    );
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 502 });
    expect(error.metadata?.raw_message).toBe('<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body> </html>');
  });

  it('a 200 carrying an error object is that error (OpenRouter shape with a numeric code)', async () => {
    const error = await rejectionOf(completeWith({ type: 'json', body: { error: { code: 429, message: 'Rate limit exceeded: free-models-per-day', metadata: {} } } }));
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429 });
    expect(error.message).toContain('free-models-per-day');
  });

  it('a 200 carrying an error without an HTTP-like code is upstream_http without a status', async () => {
    const error = await rejectionOf(completeWith({ type: 'json', body: { error: { message: 'model overloaded', type: 'server_error', code: 'overloaded' } } }));
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: undefined });
    expect(error.metadata?.provider_code).toBe('overloaded');
  });

  it('a 200 with invalid JSON or the wrong shape is upstream_invalid_response', async () => {
    const notJson = await rejectionOf(completeWith({ type: 'text', contentType: 'application/json', body: 'upstream exploded' }));
    expect(notJson.kind).toBe('upstream_invalid_response');
    const noChoices = await rejectionOf(completeWith({ type: 'json', body: { id: 'chatcmpl-1', object: 'chat.completion', choices: [] } }));
    expect(noChoices.kind).toBe('upstream_invalid_response');
    const wrongType = await rejectionOf(completeWith({ type: 'json', body: openAIChatCompletion({ message: { content: 42 } }) }));
    expect(wrongType.kind).toBe('upstream_invalid_response');
  });
});
