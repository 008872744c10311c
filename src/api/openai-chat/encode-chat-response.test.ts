import { describe, expect, it } from 'vitest';
import type { ChatResult } from '../../spec/chat-result.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { validateAgainstSpec } from '../test-support/openapi-validator.js';
import { encodeChatResponse } from './encode-chat-response.js';

const IDENTITY = { id: 'gen-1764400000-AbCdEfGhIjKlMnOpQrSt', created: 1764400000, model: 'openai/gpt-4o-mini', providerName: 'OpenAI' };

function usage(overrides: Partial<UsageBody> = {}): UsageBody {
  return {
    prompt_tokens: 1200, completion_tokens: 311, total_tokens: 1511, cost: 0.0003666, is_byok: false,
    prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 128 },
    cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0.00018, upstream_inference_completions_cost: 0.0001866 },
    ...overrides,
  };
}

function result(overrides: Partial<ChatResult>): ChatResult {
  return { content: 'Paris is the capital of France.', toolCalls: [], finishReason: 'stop', nativeFinishReason: 'stop', ...overrides };
}

/** What JSON.stringify writes for the same answer built as an object: the oracle. */
function expected(chat: ChatResult, usageBody: UsageBody, routerMetadata?: unknown): string {
  const message: Record<string, unknown> = { role: 'assistant', content: chat.content, refusal: chat.refusal ?? null };
  if (chat.reasoning !== undefined) message.reasoning = chat.reasoning;
  if (chat.reasoningDetails?.length) message.reasoning_details = chat.reasoningDetails;
  if (chat.toolCalls.length > 0) message.tool_calls = chat.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  const body: Record<string, unknown> = {
    id: IDENTITY.id, provider: IDENTITY.providerName, model: IDENTITY.model, object: 'chat.completion', created: IDENTITY.created, system_fingerprint: null,
    choices: [{ index: 0, logprobs: null, finish_reason: chat.finishReason, native_finish_reason: chat.nativeFinishReason, message }],
    usage: usageBody,
  };
  if (routerMetadata !== undefined) body.openrouter_metadata = routerMetadata;
  return JSON.stringify(body);
}

const cases: [string, ChatResult, UsageBody, unknown?][] = [
  ['plain text', result({}), usage()],
  ['text needing escapes: quotes, backslashes, newlines, control characters, a lone surrogate', result({ content: 'He said "hi"\\\n\ttab\u0001 and \ud83d alone; 東京 🗼' }), usage()],
  ['no content, tool calls with arguments that need escaping', result({
    content: null, finishReason: 'tool_calls', nativeFinishReason: 'tool_calls',
    toolCalls: [
      { id: 'call_abc123', name: 'get_weather', arguments: '{"location":"Boston, MA","unit":"fahrenheit"}' },
      { id: 'call_def456', name: 'get_time', arguments: '{"tz":"America/New_York"}' },
    ],
  }), usage()],
  ['reasoning, reasoning details and a refusal', result({
    content: null, refusal: 'I can\'t help with that.', reasoning: 'The request asks for "x"; policy says no.',
    reasoningDetails: [{ type: 'reasoning.text', text: 'The request asks…', signature: null, format: 'openai-responses-v1', index: 0 }],
  }), usage()],
  ['no finish reason (an upstream that sent none)', result({ finishReason: null, nativeFinishReason: null }), usage()],
  ['cache writes, zero cost, large token counts', result({}), usage({
    prompt_tokens: 2_000_000, cost: 0, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 1_500_000 },
    cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0, upstream_inference_completions_cost: 0 },
  })],
  ['router metadata last', result({}), usage(), { requested: { model: 'openai/gpt-4o-mini' }, attempts: [{ provider: 'openai', status: 200 }] }],
];

describe('encodeChatResponse', () => {
  it.each(cases)('writes what JSON.stringify writes for the object: %s', (_name, chat, usageBody, routerMetadata) => {
    const text = encodeChatResponse(IDENTITY, chat, usageBody, routerMetadata);
    expect(text).toBe(expected(chat, usageBody, routerMetadata));
    // The metadata's own shape is the router's (router-metadata tests); here it is only placed.
    if (routerMetadata === undefined) expect(validateAgainstSpec('/chat/completions', 'post', 200, JSON.parse(text))).toEqual([]);
  });

  it('writes a non-finite number as null, as JSON.stringify does', () => {
    const text = encodeChatResponse(IDENTITY, result({}), usage({ cost: Number.NaN }));
    expect(JSON.parse(text).usage.cost).toBeNull();
    expect(text).toBe(expected(result({}), usage({ cost: Number.NaN })));
  });
});
