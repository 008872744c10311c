import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { decodeMessagesRequest } from './decode-messages-request.js';

/** Payloads follow Anthropic's Messages API reference (tool use, extended thinking, prompt caching, vision). */

const SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds3IDlJFRCCd5HwjDw';

function decodeError(body: unknown): GatewayError {
  try {
    decodeMessagesRequest(body);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('decodeMessagesRequest', () => {
  it('decodes a multi-turn tool conversation with thinking, caching and images into the IR, losing nothing', () => {
    const { request, directives } = decodeMessagesRequest({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 16000,
      system: [
        { type: 'text', text: 'You are an AI assistant tasked with analyzing literary works.' },
        { type: 'text', text: '<the entire contents of Pride and Prejudice>', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      thinking: { type: 'enabled', budget_tokens: 10000 },
      tools: [
        {
          name: 'get_weather',
          description: 'Get the current weather in a given location',
          input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
          cache_control: { type: 'ephemeral' },
        },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['\n\nHuman:'],
      temperature: 1,
      top_k: 40,
      metadata: { user_id: '13803d75-b4b5-4c3e-b2a2-6f21399b021b' },
      cache_control: { type: 'ephemeral' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQSkZJRg==' } },
            { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' }, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'What is the weather like where this photo was taken?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The photo looks like San Francisco; I should check the weather.', signature: SIGNATURE },
            { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw' },
            { type: 'text', text: 'I will check the weather.' },
            { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '15 degrees' }], cache_control: { type: 'ephemeral' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: { location: 'Nowhere' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_02', content: 'ConnectionError: the weather service API is not available (HTTP 500)', is_error: true }, { type: 'text', text: 'Thanks.' }] },
      ],
    });

    expect(request).toEqual({
      kind: 'chat',
      stream: false,
      passthrough: {},
      maxTokens: 16000,
      temperature: 1,
      topK: 40,
      stop: ['\n\nHuman:'],
      reasoning: { enabled: true, maxTokens: 10000 },
      tools: [
        {
          name: 'get_weather',
          description: 'Get the current weather in a given location',
          parameters: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
          cacheControl: { type: 'ephemeral' },
        },
      ],
      toolChoice: 'auto',
      parallelToolCalls: false,
      user: '13803d75-b4b5-4c3e-b2a2-6f21399b021b',
      cacheControl: { type: 'ephemeral' },
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'You are an AI assistant tasked with analyzing literary works.' },
            { type: 'text', text: '<the entire contents of Pride and Prejudice>', cacheControl: { type: 'ephemeral', ttl: '1h' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' },
            { type: 'image', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg', cacheControl: { type: 'ephemeral' } },
            { type: 'text', text: 'What is the weather like where this photo was taken?' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'I will check the weather.' }],
          toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' }],
          reasoning: 'The photo looks like San Francisco; I should check the weather.',
          reasoningDetails: [
            { type: 'reasoning.text', text: 'The photo looks like San Francisco; I should check the weather.', signature: SIGNATURE, format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw', format: 'anthropic-claude-v1', index: 1 },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: '15 degrees', cacheControl: { type: 'ephemeral' } }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'toolu_02', name: 'get_weather', arguments: '{"location":"Nowhere"}' }] },
        { role: 'tool', toolCallId: 'toolu_02', content: [{ type: 'text', text: 'ConnectionError: the weather service API is not available (HTTP 500)' }], isError: true },
        { role: 'user', content: [{ type: 'text', text: 'Thanks.' }] },
      ],
    });
    expect(directives).toEqual({
      model: 'anthropic/claude-sonnet-4',
      fallbackModels: [],
      provider: {},
      sessionId: null,
      sentParameters: ['max_tokens', 'temperature', 'top_k', 'stop', 'tools', 'tool_choice', 'reasoning'],
    });
  });

  it('maps every tool_choice, thinking disabled, streaming, and the routing extensions', () => {
    const base = { model: 'anthropic/claude-3.5-haiku', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, world' }] };
    expect(decodeMessagesRequest({ ...base, tool_choice: { type: 'any' } }).request.toolChoice).toBe('required');
    expect(decodeMessagesRequest({ ...base, tool_choice: { type: 'tool', name: 'get_weather' } }).request.toolChoice).toEqual({ name: 'get_weather' });
    expect(decodeMessagesRequest({ ...base, tool_choice: { type: 'none' } }).request.toolChoice).toBe('none');
    expect(decodeMessagesRequest({ ...base, tool_choice: { type: 'auto' } }).request).not.toHaveProperty('parallelToolCalls');
    expect(decodeMessagesRequest({ ...base, thinking: { type: 'disabled' } }).request.reasoning).toEqual({ enabled: false });

    const { request, directives } = decodeMessagesRequest({
      ...base,
      system: 'Respond only in Spanish.',
      stream: true,
      top_p: 0.9,
      models: ['anthropic/claude-3.5-haiku', 'openai/gpt-4o-mini'],
      provider: { order: ['anthropic'], allow_fallbacks: false },
      session_id: 'session-7',
      service_tier: 'auto',
    });
    expect(request.stream).toBe(true);
    expect(request.topP).toBe(0.9);
    expect(request.passthrough).toEqual({});
    expect(request.messages).toEqual([
      { role: 'system', content: [{ type: 'text', text: 'Respond only in Spanish.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Hello, world' }] },
    ]);
    expect(directives).toMatchObject({
      model: 'anthropic/claude-3.5-haiku',
      fallbackModels: ['openai/gpt-4o-mini'],
      provider: { order: ['anthropic'], allowFallbacks: false },
      sessionId: 'session-7',
    });
  });

  it('takes OpenRouter\'s /messages extensions: no max_tokens, fallbacks, adaptive thinking, output_config, user', () => {
    const { request, directives } = decodeMessagesRequest({
      model: 'anthropic/claude-sonnet-4',
      fallbacks: [{ model: 'openai/gpt-4o' }, { model: 'google/gemini-2.5-pro' }],
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } } },
      user: 'user-7',
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
    });
    expect(request).not.toHaveProperty('maxTokens');
    expect(request.reasoning).toEqual({ enabled: true, effort: 'high' });
    expect(request.responseFormat).toEqual({ type: 'json_schema', name: 'output', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } });
    expect(request.user).toBe('user-7');
    expect(directives.fallbackModels).toEqual(['openai/gpt-4o', 'google/gemini-2.5-pro']);
    expect(directives.sentParameters).toEqual(['reasoning', 'response_format']);
  });

  it('keeps unsigned thinking (another provider\'s reasoning echoed back) without an Anthropic format', () => {
    const { request } = decodeMessagesRequest({
      model: 'deepseek/deepseek-r1',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'Say hello.', signature: '' }, { type: 'text', text: 'Hello!' }] },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(request.messages[1]).toMatchObject({ reasoning: 'Say hello.', reasoningDetails: [{ type: 'reasoning.text', text: 'Say hello.', index: 0 }] });
    expect((request.messages[1] as { reasoningDetails: object[] }).reasoningDetails[0]).not.toHaveProperty('format');
  });

  it('refuses bad input with a 400 that names the field', () => {
    const base = { model: 'anthropic/claude-sonnet-4', max_tokens: 100 };
    const badLimit = decodeError({ model: 'anthropic/claude-sonnet-4', max_tokens: 0, messages: [{ role: 'user', content: 'Hi' }] });
    expect(badLimit.status).toBe(400);
    expect(badLimit.message).toContain('max_tokens');
    expect(decodeError({ ...base, messages: [{ role: 'user', content: 'Hi' }], models: ['a/b'], fallbacks: [{ model: 'c/d' }] }).message).toContain('fallbacks cannot be combined with models');
    expect(decodeError({ ...base, messages: [] }).message).toContain('messages');
    expect(decodeError({ ...base, messages: [{ role: 'system', content: 'Hi' }] }).message).toContain('top-level system');
    expect(decodeError({ ...base, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }] }).message).toContain('messages[0].content[0]');
    expect(decodeError({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] }] }).message).toBe(
      'messages[0].content[0]: a tool_result block cannot appear in a assistant message',
    );
    expect(decodeError({ ...base, messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 5 }] }).message).toContain('tools[0]');
    expect(
      decodeError({
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }] }] }],
      }).message,
    ).toContain('messages[0].content[0].content[0]: images inside tool_result');
    expect(decodeError({ ...base, messages: [{ role: 'user', content: 'Hi' }], temperature: 1.5 }).message).toContain('temperature');
    expect(decodeError({ ...base, messages: [{ role: 'user', content: 'Hi' }], thinking: { type: 'enabled' } }).message).toContain('thinking');
  });
});
