import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import { ANTHROPIC_MODEL, ANTHROPIC_REDACTED_DATA, ANTHROPIC_SIGNATURE, anthropicMessage } from '../test-support/anthropic-fixtures.js';
import { makeTestEndpoint, TEST_API_KEY } from '../test-support/make-test-endpoint.js';
import { chatRequest } from '../test-support/stream-helpers.js';
import { useFakeUpstream } from '../test-support/use-fake-upstream.js';
import { anthropicAdapter } from './anthropic-adapter.js';
import { buildAnthropicHttpRequest } from './build-anthropic-http-request.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

const endpoint = makeTestEndpoint({ baseUrl: 'https://api.anthropic.com/v1', adapter: 'anthropic', upstreamModel: ANTHROPIC_MODEL });

function body(overrides: Partial<ChatRequest> = {}, target = endpoint): Record<string, unknown> {
  return convertToAnthropicRequest(chatRequest(overrides), target, false);
}

const weatherTool = { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } };

describe('Anthropic request body', () => {
  it('sends model, max_tokens, messages as blocks and stream, and nothing the client did not send', () => {
    expect(body()).toEqual({
      model: ANTHROPIC_MODEL,
      max_tokens: 16_384,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello!' }] }],
      stream: false,
    });
  });

  it('max_tokens: the client\'s, else the endpoint\'s, else the provider default', () => {
    expect(body({ maxTokens: 300 }).max_tokens).toBe(300);
    const unlimited = { ...endpoint, maxCompletionTokens: null };
    expect(body({}, unlimited).max_tokens).toBe(4096);
    const configured = { ...unlimited, provider: { ...endpoint.provider, anthropic: { version: '2023-06-01', defaultMaxTokens: 8192 } } };
    expect(body({}, configured).max_tokens).toBe(8192);
  });

  it('extracts system messages into the top-level system, as a string or blocks with cache_control', () => {
    const messages: Message[] = [
      { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', content: [{ type: 'text', text: 'Answer in French.' }] },
    ];
    const plain = body({ messages });
    expect(plain.system).toBe('You are terse.\n\nAnswer in French.');
    expect(plain.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);

    const cached = body({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Rules.' }, { type: 'text', text: 'A long manual…', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      ],
    });
    expect(cached.system).toEqual([
      { type: 'text', text: 'Rules.' },
      { type: 'text', text: 'A long manual…', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ]);
  });

  it('merges consecutive turns of one role and drops empty text', () => {
    const merged = body({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'First.' }] },
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'Second.' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }], toolCalls: [] },
        { role: 'assistant', content: [{ type: 'text', text: '' }], toolCalls: [] },
        { role: 'user', content: [{ type: 'text', text: 'Third.' }] },
      ],
    });
    expect(merged.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'First.' }, { type: 'text', text: 'Second.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Third.' }] },
    ]);
  });

  it('rejects a conversation with nothing but system text, before calling the upstream', () => {
    expect(() => body({ messages: [{ role: 'system', content: [{ type: 'text', text: 'Be brief.' }] }, { role: 'user', content: [{ type: 'text', text: '' }] }] })).toThrow(
      /at least one user or assistant message/,
    );
  });

  it('sends data: URL images as base64 sources and other URLs as url sources, with cache_control', () => {
    const sent = body({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image', url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' },
            { type: 'image', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', cacheControl: { type: 'ephemeral' } },
          ],
        },
      ],
    });
    expect(sent.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' } },
          { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' }, cache_control: { type: 'ephemeral' } },
        ],
      },
    ]);
  });

  it('rejects an image type Anthropic cannot read with a 400 naming the part', () => {
    const sending = (): unknown => body({ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/tiff;base64,SUkqAA==' }] }] });
    expect(sending).toThrow(GatewayError);
    expect(sending).toThrow(/messages\[0\]\.content\[0\].*image\/tiff/);
  });

  it('sends tools with input_schema and strict, and maps every tool_choice', () => {
    const sent = body({ tools: [weatherTool, { name: 'get_time', strict: true }] });
    expect(sent.tools).toEqual([
      { name: 'get_weather', description: 'Current weather', input_schema: weatherTool.parameters },
      { name: 'get_time', input_schema: { type: 'object', properties: {} }, strict: true },
    ]);
    expect(sent).not.toHaveProperty('tool_choice');
    expect(body({ tools: [weatherTool], toolChoice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
    expect(body({ tools: [weatherTool], toolChoice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ tools: [weatherTool], toolChoice: 'required' }).tool_choice).toEqual({ type: 'any' });
    expect(body({ tools: [weatherTool], toolChoice: { name: 'get_weather' } }).tool_choice).toEqual({ type: 'tool', name: 'get_weather' });
    expect(body({ tools: [weatherTool], parallelToolCalls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ tools: [weatherTool], toolChoice: 'required', parallelToolCalls: false }).tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    expect(body({ tools: [weatherTool], parallelToolCalls: true })).not.toHaveProperty('tool_choice');
    // No tools, no tool_choice: Anthropic rejects a choice without tools.
    expect(body({ tools: [], toolChoice: 'required' })).not.toHaveProperty('tool_choice');
  });

  it('sends assistant tool calls as tool_use blocks and tool results as one user turn of tool_result blocks', () => {
    const sent = body({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Checking both.' }],
          toolCalls: [
            { id: 'toolu_01A', name: 'get_weather', arguments: '{"location":"Paris"}' },
            { id: 'toolu_01B', name: 'get_weather', arguments: '{"location":"Tokyo"}' },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_01A', content: [{ type: 'text', text: '18°C, cloudy' }] },
        { role: 'tool', toolCallId: 'toolu_01B', content: [{ type: 'text', text: '24°C, sunny' }] },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [weatherTool],
    });
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Tokyo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris' } },
          { type: 'tool_use', id: 'toolu_01B', name: 'get_weather', input: { location: 'Tokyo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '18°C, cloudy' },
          { type: 'tool_result', tool_use_id: 'toolu_01B', content: '24°C, sunny' },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
  });

  it('rejects tool call arguments that are not a JSON object, and sends empty ones as {}', () => {
    const withArguments = (text: string): Partial<ChatRequest> => ({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Go' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_1', name: 'ping', arguments: text }] },
        { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'pong' }] },
      ],
    });
    expect(() => body(withArguments('{"location":'))).toThrow(/messages\[1\]\.tool_calls\[0\]/);
    expect(() => body(withArguments('[1,2]'))).toThrow(GatewayError);
    const sent = body(withArguments(''));
    expect((sent.messages as { content: unknown[] }[])[1]?.content).toEqual([{ type: 'tool_use', id: 'toolu_1', name: 'ping', input: {} }]);
  });

  it('echoes Anthropic reasoning details first in the assistant turn, as thinking and redacted_thinking blocks', () => {
    const sent = body({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: [],
          reasoning: 'I should call the weather tool.',
          reasoningDetails: [
            { type: 'reasoning.text', text: 'I should call the weather tool.', signature: ANTHROPIC_SIGNATURE, format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.encrypted', data: ANTHROPIC_REDACTED_DATA, format: 'anthropic-claude-v1', index: 1 },
            // Another provider's, or unsigned: Anthropic could not verify them.
            { type: 'reasoning.text', text: 'gemini thoughts', signature: 'c2ln', format: 'google-gemini-v1' },
            { type: 'reasoning.text', text: 'unsigned', format: 'anthropic-claude-v1' },
            { type: 'reasoning.summary', summary: 'a summary', format: 'anthropic-claude-v1' },
          ],
          toolCalls: [{ id: 'toolu_01A', name: 'get_weather', arguments: '{"location":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_01A', content: [{ type: 'text', text: '18°C' }] },
      ],
      tools: [weatherTool],
      reasoning: { maxTokens: 2000 },
    });
    expect((sent.messages as { content: unknown[] }[])[1]?.content).toEqual([
      { type: 'thinking', thinking: 'I should call the weather tool.', signature: ANTHROPIC_SIGNATURE },
      { type: 'redacted_thinking', data: ANTHROPIC_REDACTED_DATA },
      { type: 'tool_use', id: 'toolu_01A', name: 'get_weather', input: { location: 'Paris' } },
    ]);
  });

  it('sends stop sequences, top_k, top_p, temperature, user and top-level cache_control; drops what Anthropic lacks', () => {
    const sent = body({
      stop: ['\n\nHuman:', 'END'],
      temperature: 0.4,
      topP: 0.9,
      topK: 40,
      user: 'user-1234',
      cacheControl: { type: 'ephemeral' },
      seed: 7,
      frequencyPenalty: 0.5,
      presencePenalty: 0.1,
      logitBias: { '50256': -100 },
      logprobs: true,
      passthrough: { safe_prompt: true },
    });
    expect(sent).toEqual({
      model: ANTHROPIC_MODEL,
      max_tokens: 16_384,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello!' }] }],
      stop_sequences: ['\n\nHuman:', 'END'],
      temperature: 0.4,
      top_p: 0.9,
      top_k: 40,
      metadata: { user_id: 'user-1234' },
      cache_control: { type: 'ephemeral' },
      stream: false,
    });
  });

  it('sends json_schema response formats as output_config.format', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    expect(body({ responseFormat: { type: 'json_schema', name: 'city', schema, strict: true } }).output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(body({ responseFormat: { type: 'json_object' } })).not.toHaveProperty('output_config');
  });

  describe('reasoning → thinking', () => {
    it('reasoning.max_tokens is the budget; effort is a share of max_tokens', () => {
      expect(body({ reasoning: { maxTokens: 2048 } }).thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
      expect(body({ maxTokens: 10_000, reasoning: { effort: 'high' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 8000 });
      expect(body({ maxTokens: 10_000, reasoning: { effort: 'medium' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
      expect(body({ maxTokens: 10_000, reasoning: { effort: 'low' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
      expect(body({ maxTokens: 10_000, reasoning: { enabled: true } }).thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
      expect(body({ maxTokens: 100_000, reasoning: { effort: 'high' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 32_000 });
      expect(body({ reasoning: { effort: 'none' } })).not.toHaveProperty('thinking');
      expect(body({ reasoning: { enabled: false, effort: 'high' } })).not.toHaveProperty('thinking');
    });

    it('raises a budget below 1024 to the minimum and keeps it below max_tokens', () => {
      expect(body({ maxTokens: 2000, reasoning: { effort: 'low' } })).toMatchObject({ max_tokens: 2000, thinking: { budget_tokens: 1024 } });
      // The client's 500 tokens of answer stay available on top of the budget.
      expect(body({ maxTokens: 500, reasoning: { maxTokens: 3000 } })).toMatchObject({ max_tokens: 3500, thinking: { budget_tokens: 3000 } });
      // Within the endpoint's limit (16 384): the budget shrinks to fit.
      expect(body({ maxTokens: 8000, reasoning: { maxTokens: 20_000 } })).toMatchObject({ max_tokens: 16_384, thinking: { budget_tokens: 16_383 } });
    });

    it('leaves temperature and top_k out with thinking on, and top_p unless it is 0.95 or more', () => {
      const sent = body({ reasoning: { effort: 'low' }, temperature: 0.2, topK: 5, topP: 0.5 });
      expect(sent).not.toHaveProperty('temperature');
      expect(sent).not.toHaveProperty('top_k');
      expect(sent).not.toHaveProperty('top_p');
      expect(body({ reasoning: { effort: 'low' }, topP: 0.97 }).top_p).toBe(0.97);
    });

    it('does not think when a tool is forced (Anthropic rejects the combination)', () => {
      const sent = body({ reasoning: { effort: 'high' }, tools: [weatherTool], toolChoice: 'required', temperature: 0.2 });
      expect(sent).not.toHaveProperty('thinking');
      expect(sent.temperature).toBe(0.2);
      expect(body({ reasoning: { effort: 'high' }, tools: [weatherTool], toolChoice: 'auto' })).toHaveProperty('thinking');
    });
  });
});

describe('Anthropic HTTP request', () => {
  it('POSTs to {base}/messages, adding /v1 to a base URL without it', () => {
    expect(buildAnthropicHttpRequest({}, endpoint.provider, {}, false).url).toBe('https://api.anthropic.com/v1/messages');
    const bare = { ...endpoint.provider, baseUrl: 'https://api.anthropic.com/' };
    expect(buildAnthropicHttpRequest({}, bare, {}, false).url).toBe('https://api.anthropic.com/v1/messages');
  });

  it('uses the configured anthropic-version and the provider headers', () => {
    const provider = { ...endpoint.provider, headers: { 'X-Team': 'search' }, anthropic: { version: '2024-01-01', defaultMaxTokens: 4096 } };
    expect(buildAnthropicHttpRequest({}, provider, {}, true).headers).toEqual({
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': '2024-01-01',
      'x-team': 'search',
      'x-api-key': TEST_API_KEY,
    });
  });

  const upstream = useFakeUpstream();

  it('sends x-api-key, anthropic-version and the client\'s anthropic-beta over HTTP', async () => {
    upstream.current.enqueue({ type: 'json', body: anthropicMessage() });
    const target = makeTestEndpoint({ baseUrl: upstream.current.baseUrl, adapter: 'anthropic', upstreamModel: ANTHROPIC_MODEL });
    await anthropicAdapter.complete(chatRequest(), {
      endpoint: target,
      signal: new AbortController().signal,
      clientHeaders: { 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-1m-2025-08-07' },
    });
    const sent = upstream.current.lastRequest();
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(TEST_API_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-1m-2025-08-07');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({ model: ANTHROPIC_MODEL, stream: false });
  });
});
