import { describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../test-support/openapi-validator.js';
import type { ChatResult } from '../../spec/chat-result.js';
import { GatewayError } from '../../spec/errors.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { encodeMessagesError, renderMessagesError } from './encode-messages-error.js';
import { encodeMessagesResponse } from './encode-messages-response.js';
import { mapStopReason } from './map-stop-reason.js';

const IDENTITY = { id: 'gen-1764400000-AbCdEfGhIjKlMnOpQrSt', created: 1764400000, model: 'anthropic/claude-sonnet-4', providerName: 'Anthropic' };

function usage(prompt: number, completion: number, cached = 0, cacheWrite?: number): UsageBody {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    cost: 0.001,
    is_byok: false,
    prompt_tokens_details: { cached_tokens: cached, ...(cacheWrite !== undefined ? { cache_write_tokens: cacheWrite } : {}) },
    completion_tokens_details: { reasoning_tokens: 0 },
    cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0.0005, upstream_inference_completions_cost: 0.0005 },
  };
}

function result(overrides: Partial<ChatResult>): ChatResult {
  return { content: null, toolCalls: [], finishReason: 'stop', nativeFinishReason: 'end_turn', ...overrides };
}

describe('encodeMessagesResponse', () => {
  it('writes the Message object of Anthropic\'s reference: thinking with signature, text, tool_use with parsed input', () => {
    const body = encodeMessagesResponse(
      IDENTITY,
      result({
        content: 'I\'ll check the current weather in San Francisco for you.',
        reasoning: 'The user asks about the weather; I have a get_weather tool.',
        reasoningDetails: [
          { type: 'reasoning.text', text: 'The user asks about the weather; I have a get_weather tool.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds3IDlJFRCCd5HwjDw', format: 'anthropic-claude-v1', index: 0 },
          { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw', format: 'anthropic-claude-v1', index: 1 },
        ],
        toolCalls: [{ id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location": "San Francisco, CA", "unit": "celsius"}' }],
        finishReason: 'tool_calls',
        nativeFinishReason: 'tool_use',
      }),
      usage(2095 + 2048 + 1024, 503, 2048, 1024),
    );
    expect(body).toEqual({
      id: 'msg_1764400000-AbCdEfGhIjKlMnOpQrSt',
      type: 'message',
      role: 'assistant',
      container: null,
      model: 'anthropic/claude-sonnet-4',
      provider: 'Anthropic',
      content: [
        { type: 'thinking', thinking: 'The user asks about the weather; I have a get_weather tool.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds3IDlJFRCCd5HwjDw' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw' },
        { type: 'text', text: 'I\'ll check the current weather in San Francisco for you.', citations: null },
        { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA', unit: 'celsius' }, caller: { type: 'direct' } },
      ],
      stop_reason: 'tool_use',
      stop_details: null,
      stop_sequence: null,
      usage: {
        input_tokens: 2095,
        output_tokens: 503,
        cache_read_input_tokens: 2048,
        cache_creation_input_tokens: 1024,
        cache_creation: null,
        output_tokens_details: { thinking_tokens: 0 },
        inference_geo: null,
        server_tool_use: null,
        service_tier: null,
        cost: 0.001,
        is_byok: false,
        cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0.0005, upstream_inference_completions_cost: 0.0005 },
      },
    });
    expect(validateAgainstSpec('/messages', 'post', 200, body)).toEqual([]);
  });

  it('renders another provider\'s reasoning as unsigned thinking, a refusal as text, and bad tool arguments as {}', () => {
    const body = encodeMessagesResponse(
      IDENTITY,
      result({ reasoning: 'Thinking in plain text.', refusal: 'I can\'t help with that.', toolCalls: [{ id: 'call_1', name: 'f', arguments: '{"broken' }], finishReason: 'stop' }),
      usage(10, 5),
    );
    expect(body.content).toEqual([
      { type: 'thinking', thinking: 'Thinking in plain text.', signature: '' },
      { type: 'text', text: 'I can\'t help with that.', citations: null },
      { type: 'tool_use', id: 'call_1', name: 'f', input: {}, caller: { type: 'direct' } },
    ]);
    expect(body.stop_reason).toBe('tool_use');
  });

  it('reports the matched stop sequence when the upstream names it', () => {
    const body = encodeMessagesResponse(IDENTITY, result({ content: 'One, two', stopSequence: '\n\nHuman:', nativeFinishReason: 'stop_sequence' }), usage(10, 3));
    expect(body).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '\n\nHuman:' });
  });
});

describe('mapStopReason', () => {
  it.each([
    ['stop', 'end_turn', false, 'end_turn'],
    ['stop', 'stop', false, 'end_turn'],
    ['stop', 'stop_sequence', false, 'stop_sequence'],
    ['length', 'max_tokens', false, 'max_tokens'],
    ['tool_calls', 'tool_use', true, 'tool_use'],
    ['stop', 'stop', true, 'tool_use'],
    ['content_filter', 'refusal', false, 'refusal'],
    [null, null, false, 'end_turn'],
  ] as const)('%s (native %s, tool calls %s) → %s', (finish, native, tools, expected) => {
    expect(mapStopReason(finish, native, undefined, tools)).toBe(expected);
  });
});

describe('encodeMessagesError', () => {
  it.each([
    [new GatewayError('bad_request', 'x'), 'invalid_request_error'],
    [new GatewayError('context_length_exceeded', 'x'), 'invalid_request_error'],
    [new GatewayError('unauthorized', 'x'), 'authentication_error'],
    [new GatewayError('payment_required', 'x'), 'billing_error'],
    [new GatewayError('forbidden', 'x'), 'permission_error'],
    [new GatewayError('no_endpoints', 'x'), 'not_found_error'],
    [new GatewayError('payload_too_large', 'x'), 'invalid_request_error'],
    [new GatewayError('upstream_timeout', 'x'), 'timeout_error'],
    [new GatewayError('rate_limited', 'x'), 'rate_limit_error'],
    [new GatewayError('upstream_http', 'x', { upstreamStatus: 429 }), 'rate_limit_error'],
    [new GatewayError('upstream_http', 'x', { upstreamStatus: 529 }), 'overloaded_error'],
    [new GatewayError('upstream_http', 'x', { upstreamStatus: 500 }), 'api_error'],
    [new GatewayError('all_attempts_failed', 'x'), 'api_error'],
  ])('%s → %s', (error, type) => {
    const body = encodeMessagesError(error, 'gen-1');
    expect(body).toEqual({ type: 'error', error: { type, message: 'x' }, request_id: 'gen-1' });
    expect(validateAgainstSpec('/messages', 'post', 400, body)).toEqual([]);
  });

  it('answers 529 overloaded_error when every provider was overloaded, the error\'s own status otherwise', () => {
    const attempts = (statuses: number[]) => ({ metadata: { attempts: statuses.map((status) => ({ provider: 'p', status })) } });
    const overloaded = renderMessagesError(new GatewayError('all_attempts_failed', 'All providers failed', { status: 502, ...attempts([529, 503]) }), 'gen-2');
    expect(overloaded).toEqual({ status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'All providers failed' }, request_id: 'gen-2' } });
    expect(validateAgainstSpec('/messages', 'post', 529, overloaded.body)).toEqual([]);
    expect(renderMessagesError(new GatewayError('all_attempts_failed', 'x', { status: 502, ...attempts([529, 500]) }), 'gen-3')).toMatchObject({ status: 502, body: { error: { type: 'api_error' } } });
    expect(renderMessagesError(new GatewayError('bad_request', 'x'), undefined)).toMatchObject({ status: 400, body: { error: { type: 'invalid_request_error' }, request_id: null } });
  });

  it('masks internal errors', () => {
    const body = encodeMessagesError(new GatewayError('internal', 'stack trace here'));
    expect(body).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal server error' }, request_id: null });
    expect(validateAgainstSpec('/messages', 'post', 500, body)).toEqual([]);
  });
});
