import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../spec/chat-request.js';
import type { UpstreamCall } from '../provider-adapter.js';
import { TEST_API_KEY, makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import type { TestEndpointOptions } from '../test-support/make-test-endpoint.js';
import { openAIChatCompletion, openAITextStreamSteps } from '../test-support/openai-fixtures.js';
import { chatRequest, collectStream } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { openAIAdapter } from './openai-adapter.js';

/** What the upstream receives: body fields, headers and path, for every request feature. */

const upstream = useFakeUpstream();
let slugCounter = 0;

function call(options: Partial<TestEndpointOptions> = {}): UpstreamCall {
  // A fresh slug per endpoint variant keeps each provider's pool separate, as in production.
  slugCounter += 1;
  return {
    endpoint: makeTestEndpoint({ baseUrl: upstream.current.baseUrl, slug: `request-test-${slugCounter}`, ...options }),
    signal: new AbortController().signal,
    clientHeaders: {},
  };
}

async function sentBody(request: ChatRequest, options: Partial<TestEndpointOptions> = {}): Promise<Record<string, unknown>> {
  upstream.current.enqueue({ type: 'json', body: openAIChatCompletion() });
  await openAIAdapter.complete(request, call(options));
  return upstream.current.lastRequest().body as Record<string, unknown>;
}

const everything: ChatRequest = chatRequest({
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are a weather bot.' }], name: 'setup' },
    {
      role: 'user',
      name: 'alice',
      content: [
        { type: 'text', text: 'What is the weather where this photo was taken?' },
        { type: 'image', url: 'https://upload.wikimedia.org/paris.jpg', detail: 'high' },
        { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
      ],
    },
    {
      role: 'assistant',
      content: [],
      toolCalls: [{ id: 'call_abc123', name: 'get_weather', arguments: '{"location":"Paris"}' }],
      reasoning: 'The photo shows the Eiffel Tower.',
      reasoningDetails: [{ type: 'reasoning.encrypted', data: 'gAAAAB…', id: 'rs_1', format: 'openai-responses-v1', index: 0 }],
    },
    { role: 'tool', toolCallId: 'call_abc123', content: [{ type: 'text', text: '{"temperature":22}' }] },
    { role: 'assistant', content: [{ type: 'text', text: 'It is 22°C ' }, { type: 'text', text: 'in Paris.' }], toolCalls: [], refusal: 'n/a', name: 'bot' },
  ],
  maxTokens: 512,
  temperature: 0.7,
  topP: 0.9,
  topK: 40,
  minP: 0.05,
  topA: 0.1,
  frequencyPenalty: 0.5,
  presencePenalty: -0.5,
  repetitionPenalty: 1.1,
  seed: 42,
  stop: ['\n\nUser:'],
  logitBias: { '50256': -100 },
  logprobs: true,
  topLogprobs: 3,
  tools: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false },
      strict: true,
    },
    { name: 'no_arguments' },
  ],
  toolChoice: { name: 'get_weather' },
  parallelToolCalls: false,
  responseFormat: { type: 'json_schema', name: 'weather', schema: { type: 'object' }, strict: true, description: 'A weather report' },
  reasoning: { effort: 'high', maxTokens: 2000, exclude: false },
  user: 'user-1234',
  passthrough: { safe_prompt: true, temperature: 2, model: 'attacker/model' },
});

describe('OpenAI request body', () => {
  it('translates every IR feature to its wire field', async () => {
    const body = await sentBody(everything);
    expect(body).toEqual({
      model: 'gpt-4o-mini-2024-07-18',
      messages: [
        { role: 'system', content: 'You are a weather bot.', name: 'setup' },
        {
          role: 'user',
          name: 'alice',
          content: [
            { type: 'text', text: 'What is the weather where this photo was taken?' },
            { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/paris.jpg', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
          reasoning: 'The photo shows the Eiffel Tower.',
          reasoning_details: [{ type: 'reasoning.encrypted', data: 'gAAAAB…', id: 'rs_1', format: 'openai-responses-v1', index: 0 }],
        },
        { role: 'tool', tool_call_id: 'call_abc123', content: '{"temperature":22}' },
        {
          role: 'assistant',
          name: 'bot',
          content: [
            { type: 'text', text: 'It is 22°C ' },
            { type: 'text', text: 'in Paris.' },
          ],
          refusal: 'n/a',
        },
      ],
      max_tokens: 512,
      temperature: 0.7,
      top_p: 0.9,
      top_k: 40,
      min_p: 0.05,
      top_a: 0.1,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      repetition_penalty: 1.1,
      seed: 42,
      stop: ['\n\nUser:'],
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 3,
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'], additionalProperties: false },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'no_arguments' } },
      ],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: { type: 'object' }, strict: true, description: 'A weather report' } },
      reasoning: { effort: 'high', max_tokens: 2000, exclude: false },
      user: 'user-1234',
      stream: false,
      // Passthrough fills gaps only: its temperature and model did not win.
      safe_prompt: true,
    });
  });

  it('omits every parameter the client did not send', async () => {
    const body = await sentBody(chatRequest());
    expect(body).toEqual({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'Hello!' }], stream: false });
    for (const absent of ['temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'tools', 'tool_choice', 'seed', 'stop', 'reasoning', 'response_format', 'user', 'stream_options']) {
      expect(body).not.toHaveProperty(absent);
    }
  });

  it('keeps zero and false values (present is not truthy)', async () => {
    const body = await sentBody(chatRequest({ temperature: 0, seed: 0, parallelToolCalls: false, logprobs: false, maxTokens: 0 }));
    expect(body).toMatchObject({ temperature: 0, seed: 0, parallel_tool_calls: false, logprobs: false, max_tokens: 0 });
  });

  it('puts the completion limit under the configured field', async () => {
    const body = await sentBody(chatRequest({ maxTokens: 300 }), { openai: { maxTokensField: 'max_completion_tokens' } });
    expect(body.max_completion_tokens).toBe(300);
    expect(body).not.toHaveProperty('max_tokens');
  });

  it('sends tool_choice strings, json_object and text formats, and partial reasoning as given', async () => {
    for (const toolChoice of ['auto', 'none', 'required'] as const) {
      const body = await sentBody(chatRequest({ toolChoice, tools: [{ name: 'f' }] }));
      expect(body.tool_choice).toBe(toolChoice);
    }
    expect((await sentBody(chatRequest({ responseFormat: { type: 'json_object' } }))).response_format).toEqual({ type: 'json_object' });
    expect((await sentBody(chatRequest({ responseFormat: { type: 'text' } }))).response_format).toEqual({ type: 'text' });
    expect((await sentBody(chatRequest({ reasoning: { enabled: true } }))).reasoning).toEqual({ enabled: true });
    expect((await sentBody(chatRequest({ responseFormat: { type: 'json_schema', name: 'only_name' } }))).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'only_name' },
    });
  });

  it('does not send an empty tools array', async () => {
    expect(await sentBody(chatRequest({ tools: [] }))).not.toHaveProperty('tools');
  });

  it('merges extraBody over everything, then removes dropParameters', async () => {
    const body = await sentBody(chatRequest({ temperature: 0.3, parallelToolCalls: true, tools: [{ name: 'f' }], passthrough: { top_logprobs: 2 } }), {
      openai: {
        extraBody: { temperature: 1, provider_flag: 'on', chat_template_kwargs: { enable_thinking: false } },
        dropParameters: ['parallel_tool_calls', 'top_logprobs'],
      },
    });
    expect(body.temperature).toBe(1);
    expect(body.provider_flag).toBe('on');
    expect(body.chat_template_kwargs).toEqual({ enable_thinking: false });
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(body).not.toHaveProperty('top_logprobs');
  });

  it('never lets passthrough or config keys reach the prototype', async () => {
    const passthrough = JSON.parse('{"__proto__":{"polluted":true},"mistral_flag":1}') as Record<string, unknown>;
    const body = await sentBody(chatRequest({ passthrough }));
    expect(body.mistral_flag).toBe(1);
    expect(upstream.current.lastRequest().rawBody).not.toContain('polluted');
  });
});

describe('OpenAI request headers and path', () => {
  it('POSTs JSON to {baseUrl}/chat/completions with a Bearer key and the provider headers', async () => {
    await sentBody(chatRequest(), { headers: { 'HTTP-Referer': 'https://switchboard.example', 'X-Title': 'Switchboard' } });
    const recorded = upstream.current.lastRequest();
    expect(recorded.method).toBe('POST');
    expect(recorded.path).toBe('/v1/chat/completions');
    expect(recorded.headers['content-type']).toBe('application/json');
    expect(recorded.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(recorded.headers['http-referer']).toBe('https://switchboard.example');
    expect(recorded.headers['x-title']).toBe('Switchboard');
  });

  it('tolerates a trailing slash on the base URL', async () => {
    await sentBody(chatRequest(), { baseUrl: `${upstream.current.baseUrl}/` });
    expect(upstream.current.lastRequest().path).toBe('/v1/chat/completions');
  });

  it('sends the raw key under a custom auth header (Azure api-key)', async () => {
    await sentBody(chatRequest(), { openai: { authHeader: 'api-key' } });
    const headers = upstream.current.lastRequest().headers;
    expect(headers['api-key']).toBe(TEST_API_KEY);
    expect(headers).not.toHaveProperty('authorization');
  });

  it('sends no auth header when the provider has no key (local vLLM, Ollama)', async () => {
    await sentBody(chatRequest(), { apiKey: undefined });
    expect(upstream.current.lastRequest().headers).not.toHaveProperty('authorization');
  });
});

describe('OpenAI streaming request', () => {
  it('asks for a stream with a usage chunk when the provider supports it', async () => {
    upstream.current.enqueue({ type: 'sse', steps: openAITextStreamSteps(['Hi']) });
    await collectStream(await openAIAdapter.stream(chatRequest({ stream: true }), call()));
    const recorded = upstream.current.lastRequest();
    expect(recorded.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(recorded.headers.accept).toBe('text/event-stream');
  });

  it('leaves stream_options out when the provider does not take it', async () => {
    upstream.current.enqueue({ type: 'sse', steps: openAITextStreamSteps(['Hi']) });
    await collectStream(await openAIAdapter.stream(chatRequest({ stream: true }), call({ openai: { streamUsage: false } })));
    const body = upstream.current.lastRequest().body as Record<string, unknown>;
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('stream_options');
  });
});
