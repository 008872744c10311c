import type { ScriptedResponse, SseStep } from './fake-upstream.js';
import { sse } from './fake-upstream.js';
import { expect } from 'vitest';
import { CONFORMANCE, WEATHER_SCHEMA } from './conformance-answers.js';
import type { ConformanceFixtures, MatrixFixtures } from './adapter-conformance.js';

/**
 * OpenAI wire payloads shaped like the public API reference
 * (https://platform.openai.com/docs/api-reference/chat/object and .../chat-streaming),
 * with builders for variations.
 */

export const OPENAI_COMPLETION_ID = 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT';
export const OPENAI_MODEL = 'gpt-4o-mini-2024-07-18';

/** A `chat.completion` object as OpenAI returns it; `message` and `usage` are merged over the defaults. */
export function openAIChatCompletion(options: { message?: Record<string, unknown>; finishReason?: string | null; usage?: Record<string, unknown> | null } = {}): Record<string, unknown> {
  return {
    id: OPENAI_COMPLETION_ID,
    object: 'chat.completion',
    created: 1741569952,
    model: OPENAI_MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: CONFORMANCE.text, refusal: null, annotations: [], ...options.message },
        logprobs: null,
        finish_reason: options.finishReason === undefined ? 'stop' : options.finishReason,
      },
    ],
    usage:
      options.usage === null
        ? undefined
        : {
            prompt_tokens: 19,
            completion_tokens: 10,
            total_tokens: 29,
            prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
            ...options.usage,
          },
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
  };
}

/** One `chat.completion.chunk` with a delta for choice 0. */
export function openAIChunk(delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1694268190,
    model: OPENAI_MODEL,
    system_fingerprint: 'fp_44709d6fcb',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}

/** The usage chunk sent with `stream_options.include_usage`: empty `choices`, then `[DONE]`. */
export function openAIUsageChunk(usage: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-123',
    object: 'chat.completion.chunk',
    created: 1694268190,
    model: OPENAI_MODEL,
    system_fingerprint: 'fp_44709d6fcb',
    choices: [],
    usage: {
      prompt_tokens: 19,
      completion_tokens: 10,
      total_tokens: 29,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      ...usage,
    },
  };
}

/** A streamed text answer: role chunk, the text in pieces, finish chunk, usage chunk, [DONE]. */
export function openAITextStreamSteps(pieces: readonly string[], finishReason = 'stop'): SseStep[] {
  return [
    sse.data(openAIChunk({ role: 'assistant', content: '', refusal: null })),
    ...pieces.map((piece) => sse.data(openAIChunk({ content: piece }))),
    sse.data(openAIChunk({}, finishReason)),
    sse.data(openAIUsageChunk()),
    sse.done(),
  ];
}

/** OpenAI's error body with the type and code its reference lists for each status. */
export function openAIErrorBody(status: number, message?: string): Record<string, unknown> {
  const byStatus: Record<number, { message: string; type: string; param: string | null; code: string | null }> = {
    400: { message: "Invalid value for 'temperature': must be between 0 and 2.", type: 'invalid_request_error', param: 'temperature', code: 'invalid_value' },
    401: { message: 'Incorrect API key provided: sk-test-***********************cdef. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
    403: { message: 'You are not allowed to sample from this model', type: 'invalid_request_error', param: null, code: null },
    429: { message: 'Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 500, Used 500, Requested 1.', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
    503: { message: 'The engine is currently overloaded, please try again later', type: 'server_error', param: null, code: null },
  };
  const known = byStatus[status] ?? { message: `HTTP ${status}`, type: 'server_error', param: null, code: null };
  return { error: { ...known, message: message ?? known.message } };
}

/** A scripted OpenAI error response (JSON body, optional Retry-After). */
export function openAIErrorResponse(status: number, retryAfterSeconds?: number): ScriptedResponse {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return { type: 'json', status, headers, body: openAIErrorBody(status) };
}

/** Two parallel calls streamed the way OpenAI does: id/name on the first delta of each, then argument fragments. */
export function openAIParallelToolCallSteps(): SseStep[] {
  const [paris, tokyo] = CONFORMANCE.parallelToolCalls;
  return [
    sse.data(openAIChunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: paris.id, type: 'function', function: { name: paris.name, arguments: '' } }], refusal: null })),
    sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris","unit":"celsius"}' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 1, id: tokyo.id, type: 'function', function: { name: tokyo.name, arguments: '' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 1, function: { arguments: '{"location":"Tok' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 1, function: { arguments: 'yo","unit":"celsius"}' } }] })),
    sse.data(openAIChunk({}, 'tool_calls')),
    sse.data(openAIUsageChunk({ completion_tokens: 48, total_tokens: 67 })),
    sse.done(),
  ];
}

/** The OpenAI protocol's fixtures for the shared conformance suite (adapter and endpoint supplied by the caller). */
export const openAIConformanceResponses: ConformanceFixtures['responses'] = {
  text: () => ({ type: 'json', body: openAIChatCompletion() }),
  textStream: () => ({ type: 'sse', steps: openAITextStreamSteps(['Hello', '! How can I', ' help you today?']) }),
  toolCall: () => ({
    type: 'json',
    body: openAIChatCompletion({
      message: {
        content: null,
        tool_calls: [{ id: CONFORMANCE.toolCall.id, type: 'function', function: { name: CONFORMANCE.toolCall.name, arguments: CONFORMANCE.toolCall.arguments } }],
      },
      finishReason: 'tool_calls',
    }),
  }),
  parallelToolCallStream: () => ({ type: 'sse', steps: openAIParallelToolCallSteps() }),
  reasoningStream: () => ({
    type: 'sse',
    steps: [
      sse.data(openAIChunk({ role: 'assistant', content: '' })),
      sse.data(openAIChunk({ reasoning: 'The user greets me. ' })),
      sse.data(openAIChunk({ reasoning: 'I should greet them back and offer help.' })),
      sse.data(openAIChunk({ content: 'Hello! How can I help' })),
      sse.data(openAIChunk({ content: ' you today?' })),
      sse.data(openAIChunk({}, 'stop')),
      sse.data(openAIUsageChunk({ completion_tokens: 40, total_tokens: 59, completion_tokens_details: { reasoning_tokens: 30 } })),
      sse.done(),
    ],
  }),
  cachedUsage: () => ({
    response: {
      type: 'json',
      body: openAIChatCompletion({
        usage: {
          prompt_tokens: 2006,
          completion_tokens: 300,
          total_tokens: 2306,
          prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 192, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
      }),
    },
    usage: { promptTokens: 2006, completionTokens: 300, cachedTokens: 1920, reasoningTokens: 192 },
  }),
  httpError: (status, retryAfterSeconds) => openAIErrorResponse(status, retryAfterSeconds),
  invalidResponse: () => ({ type: 'text', body: '{"id":"chatcmpl-1","choices":[{"message":', contentType: 'application/json' }),
  inStreamError: () => ({
    type: 'sse',
    steps: [
      sse.data(openAIChunk({ role: 'assistant', content: 'Hello' })),
      // OpenRouter's mid-stream error shape (openrouter-notes §5).
      sse.data({
        id: 'gen-123',
        object: 'chat.completion.chunk',
        created: 1694268190,
        model: OPENAI_MODEL,
        error: { code: 502, message: 'Provider disconnected', metadata: { error_type: 'provider_unavailable' } },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
      sse.done(),
    ],
  }),
  brokenStream: () => ({
    type: 'sse',
    steps: [sse.data(openAIChunk({ role: 'assistant', content: 'Hello!' })), sse.data(openAIChunk({ content: ' How' })), sse.raw('data: {"id":"chatcmpl-123","choi')],
    end: 'drop',
  }),
  slowStream: () => ({ type: 'sse', steps: [sse.data(openAIChunk({ role: 'assistant', content: 'Hello' }))], end: 'hang' }),
};

/** A Claude-style signature as OpenRouter relays it in `reasoning_details`. */
export const OPENAI_REASONING_SIGNATURE = 'EqQBCkgIBhABGAIiQL7sUqH1Jt3m0ZVfJgqf6b+0Kz0Jq8l1bZ3xv1uYk2c4RZk7X1p9y0Zq3w==';

/** An OpenRouter-style upstream serving a reasoning model: reasoning, signed details, one tool call. */
function openAISignedReasoningMessage(): Record<string, unknown> {
  const call = CONFORMANCE.toolCall;
  return {
    content: null,
    reasoning: CONFORMANCE.signedReasoning,
    reasoning_details: [
      { type: 'reasoning.text', text: CONFORMANCE.signedReasoning, signature: OPENAI_REASONING_SIGNATURE, format: 'anthropic-claude-v1', index: 0 },
    ],
    tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }],
  };
}

function openAISignedReasoningSteps(): SseStep[] {
  const call = CONFORMANCE.toolCall;
  const [firstHalf, secondHalf] = [CONFORMANCE.signedReasoning.slice(0, 24), CONFORMANCE.signedReasoning.slice(24)];
  const textDetail = (text: string): Record<string, unknown> => ({ type: 'reasoning.text', text, format: 'anthropic-claude-v1', index: 0 });
  return [
    sse.data(openAIChunk({ role: 'assistant', content: '' })),
    sse.data(openAIChunk({ reasoning: firstHalf, reasoning_details: [textDetail(firstHalf)] })),
    sse.data(openAIChunk({ reasoning: secondHalf, reasoning_details: [textDetail(secondHalf)] })),
    sse.data(openAIChunk({ reasoning_details: [{ type: 'reasoning.text', signature: OPENAI_REASONING_SIGNATURE, format: 'anthropic-claude-v1', index: 0 }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":"Paris",' } }] })),
    sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '"unit":"celsius"}' } }] })),
    sse.data(openAIChunk({}, 'tool_calls')),
    sse.data(openAIUsageChunk({ completion_tokens: 61, total_tokens: 80, completion_tokens_details: { reasoning_tokens: 38 } })),
    sse.done(),
  ];
}

/** The OpenAI protocol's column of the capability matrix. */
export const openAIMatrixFixtures: MatrixFixtures = {
  jsonAnswer: () => ({ type: 'json', body: openAIChatCompletion({ message: { content: CONFORMANCE.jsonAnswer } }) }),
  signedReasoningToolCall: () => ({ type: 'json', body: openAIChatCompletion({ message: openAISignedReasoningMessage(), finishReason: 'tool_calls' }) }),
  signedReasoningToolCallStream: () => ({ type: 'sse', steps: openAISignedReasoningSteps() }),
  reasoningFormat: 'anthropic-claude-v1',
  finishReasons: () =>
    (
      [
        ['stop', 'stop'],
        ['length', 'length'],
        ['tool_calls', 'tool_calls'],
        ['function_call', 'tool_calls'],
        ['content_filter', 'content_filter'],
        ['error', 'error'],
        ['eos', 'stop'],
        ['model_length', 'length'],
      ] as const
    ).map(([native, expected]) => ({ native, expected, response: { type: 'json', body: openAIChatCompletion({ finishReason: native }) } })),
  extraErrors: [
    {
      name: '404 (model unknown upstream) keeps its status and is upstream_http',
      response: () => ({ type: 'json', status: 404, body: { error: { message: 'The model `gpt-9` does not exist', type: 'invalid_request_error', param: null, code: 'model_not_found' } } }),
      expected: { kind: 'upstream_http', upstreamStatus: 404 },
    },
    {
      name: '422 from a vLLM-style server (validation) keeps its status',
      response: () => ({ type: 'json', status: 422, body: { detail: 'max_tokens must be at least 1, got 0.' } }),
      expected: { kind: 'upstream_http', upstreamStatus: 422, status: 422 },
    },
    {
      name: '402 (the operator\'s account is out of credit) is upstream_auth',
      response: () => ({ type: 'json', status: 402, body: { error: { message: 'Insufficient credits', code: 402 } } }),
      expected: { kind: 'upstream_auth', upstreamStatus: 402 },
    },
  ],
  expectSent: {
    image: (request) => {
      expect(request.body).toMatchObject({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${CONFORMANCE.imageBase64}` } },
            ],
          },
        ],
      });
    },
    jsonSchema: (request) => {
      expect(request.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'weather', schema: WEATHER_SCHEMA, strict: true } } });
    },
    signedRoundTrip: (request, details) => {
      const call = CONFORMANCE.toolCall;
      expect(request.body).toMatchObject({
        messages: [
          { role: 'user' },
          { role: 'assistant', reasoning_details: details, tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }] },
          { role: 'tool', tool_call_id: call.id, content: CONFORMANCE.toolResult },
        ],
      });
    },
  },
};
