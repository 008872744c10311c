import { expect } from 'vitest';
import type { ScriptedResponse, SseStep } from './fake-upstream.js';
import { sse } from './fake-upstream.js';
import { CONFORMANCE, WEATHER_SCHEMA } from './conformance-answers.js';
import type { ConformanceFixtures, MatrixFixtures } from './adapter-conformance.js';

/**
 * Anthropic Messages wire payloads shaped like the public API reference
 * (https://docs.anthropic.com/en/api/messages, .../messages-streaming, .../errors), with
 * builders for variations. Streams name every event (`event: <type>`), as Anthropic does.
 */

export const ANTHROPIC_MESSAGE_ID = 'msg_01XFDUDYJgAACzvnptvVoYEL';
export const ANTHROPIC_MODEL = 'claude-sonnet-4-5-20250929';
/** A thinking block's signature as the API returns it (opaque base64). */
export const ANTHROPIC_SIGNATURE = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds2SiXzm0Nq4HzFjnR8cKnGWESQY4G2bYh1ImC7n4ZTlFfXHKAHMvvA3sCIKuNp6k';
export const ANTHROPIC_REDACTED_DATA = 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfrXgGePqALjRt9mgAsB4bIdUSyNMELEzsx2wOQMBE0';

const DEFAULT_USAGE = {
  input_tokens: 19,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: 10,
  service_tier: 'standard',
};

/** A `message` object as the API returns it; `content`, `stop_reason` and `usage` are overridable. */
export function anthropicMessage(options: { content?: Record<string, unknown>[]; stopReason?: string | null; stopSequence?: string | null; usage?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    id: ANTHROPIC_MESSAGE_ID,
    type: 'message',
    role: 'assistant',
    model: ANTHROPIC_MODEL,
    content: options.content ?? [{ type: 'text', text: CONFORMANCE.text }],
    stop_reason: options.stopReason === undefined ? 'end_turn' : options.stopReason,
    stop_sequence: options.stopSequence ?? null,
    usage: { ...DEFAULT_USAGE, ...options.usage },
  };
}

/** Named stream events (`event: <type>` + `data: <JSON>`). */
export const anthropicEvent = {
  messageStart: (usage: Record<string, unknown> = {}): SseStep =>
    sse.event('message_start', {
      type: 'message_start',
      message: {
        id: ANTHROPIC_MESSAGE_ID,
        type: 'message',
        role: 'assistant',
        model: ANTHROPIC_MODEL,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...DEFAULT_USAGE, output_tokens: 1, ...usage },
      },
    }),
  blockStart: (index: number, block: Record<string, unknown>): SseStep => sse.event('content_block_start', { type: 'content_block_start', index, content_block: block }),
  textStart: (index: number): SseStep => anthropicEvent.blockStart(index, { type: 'text', text: '' }),
  text: (index: number, text: string): SseStep => sse.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } }),
  toolStart: (index: number, id: string, name: string): SseStep => anthropicEvent.blockStart(index, { type: 'tool_use', id, name, input: {} }),
  inputJson: (index: number, partialJson: string): SseStep =>
    sse.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partialJson } }),
  thinkingStart: (index: number): SseStep => anthropicEvent.blockStart(index, { type: 'thinking', thinking: '', signature: '' }),
  thinking: (index: number, thinking: string): SseStep =>
    sse.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } }),
  signature: (index: number, signature: string): SseStep =>
    sse.event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } }),
  blockStop: (index: number): SseStep => sse.event('content_block_stop', { type: 'content_block_stop', index }),
  messageDelta: (stopReason: string, usage: Record<string, unknown> = { output_tokens: 10 }, stopSequence: string | null = null): SseStep =>
    sse.event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage }),
  messageStop: (): SseStep => sse.event('message_stop', { type: 'message_stop' }),
  ping: (): SseStep => sse.event('ping', { type: 'ping' }),
  error: (type: string, message: string): SseStep => sse.event('error', { type: 'error', error: { type, message } }),
};

/** A streamed text answer: message_start, one text block in pieces, message_delta, message_stop. */
export function anthropicTextStreamSteps(pieces: readonly string[], stopReason = 'end_turn'): SseStep[] {
  return [
    anthropicEvent.messageStart(),
    anthropicEvent.textStart(0),
    anthropicEvent.ping(),
    ...pieces.map((piece) => anthropicEvent.text(0, piece)),
    anthropicEvent.blockStop(0),
    anthropicEvent.messageDelta(stopReason),
    anthropicEvent.messageStop(),
  ];
}

/** Anthropic's error type and message for each status (https://docs.anthropic.com/en/api/errors). */
export function anthropicErrorBody(status: number, message?: string): Record<string, unknown> {
  const byStatus: Record<number, { type: string; message: string }> = {
    400: { type: 'invalid_request_error', message: 'messages.1.content.0.tool_result: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.' },
    401: { type: 'authentication_error', message: 'invalid x-api-key' },
    403: { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' },
    404: { type: 'not_found_error', message: 'model: claude-sonnet-9' },
    413: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
    429: { type: 'rate_limit_error', message: 'This request would exceed the rate limit for your organization of 50 requests per minute.' },
    500: { type: 'api_error', message: 'Internal server error' },
    529: { type: 'overloaded_error', message: 'Overloaded' },
  };
  const known = byStatus[status] ?? { type: 'api_error', message: `HTTP ${status}` };
  return { type: 'error', error: { type: known.type, message: message ?? known.message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' };
}

/** A scripted Anthropic error response (JSON body, optional retry-after, as the API sends on 429 and 529). */
export function anthropicErrorResponse(status: number, retryAfterSeconds?: number): ScriptedResponse {
  const headers: Record<string, string> = { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return { type: 'json', status, headers, body: anthropicErrorBody(status) };
}

/**
 * Two parallel tool_use blocks after a short text block, so the calls' block indices (1, 2)
 * differ from their tool indices (0, 1); arguments arrive as input_json_delta fragments.
 */
export function anthropicParallelToolCallSteps(): SseStep[] {
  const [paris, tokyo] = CONFORMANCE.parallelToolCalls;
  return [
    anthropicEvent.messageStart({ input_tokens: 412 }),
    anthropicEvent.textStart(0),
    anthropicEvent.text(0, "I'll check both cities."),
    anthropicEvent.blockStop(0),
    anthropicEvent.toolStart(1, paris.id, paris.name),
    anthropicEvent.inputJson(1, ''),
    anthropicEvent.inputJson(1, '{"location":'),
    anthropicEvent.inputJson(1, '"Paris","unit":"celsius"}'),
    anthropicEvent.blockStop(1),
    anthropicEvent.toolStart(2, tokyo.id, tokyo.name),
    anthropicEvent.inputJson(2, '{"location":"Tok'),
    anthropicEvent.inputJson(2, 'yo","unit":"celsius"}'),
    anthropicEvent.blockStop(2),
    anthropicEvent.messageDelta('tool_use', { output_tokens: 89 }),
    anthropicEvent.messageStop(),
  ];
}

/** Thinking streamed in two deltas and signed, then the answer text. */
export function anthropicReasoningStreamSteps(): SseStep[] {
  return [
    anthropicEvent.messageStart(),
    anthropicEvent.thinkingStart(0),
    anthropicEvent.thinking(0, 'The user greets me. '),
    anthropicEvent.thinking(0, 'I should greet them back and offer help.'),
    anthropicEvent.signature(0, ANTHROPIC_SIGNATURE),
    anthropicEvent.blockStop(0),
    anthropicEvent.textStart(1),
    anthropicEvent.text(1, 'Hello! How can I help'),
    anthropicEvent.text(1, ' you today?'),
    anthropicEvent.blockStop(1),
    anthropicEvent.messageDelta('end_turn', { output_tokens: 40 }),
    anthropicEvent.messageStop(),
  ];
}

/** The Anthropic protocol's fixtures for the shared conformance suite. */
export const anthropicConformanceResponses: ConformanceFixtures['responses'] = {
  text: () => ({ type: 'json', body: anthropicMessage() }),
  textStream: () => ({ type: 'sse', steps: anthropicTextStreamSteps(['Hello', '! How can I', ' help you today?']) }),
  toolCall: () => ({
    type: 'json',
    body: anthropicMessage({
      content: [
        { type: 'text', text: "I'll look up the weather in Paris." },
        { type: 'tool_use', id: CONFORMANCE.toolCall.id, name: CONFORMANCE.toolCall.name, input: JSON.parse(CONFORMANCE.toolCall.arguments) as unknown },
      ],
      stopReason: 'tool_use',
      usage: { input_tokens: 384, output_tokens: 68 },
    }),
  }),
  parallelToolCallStream: () => ({ type: 'sse', steps: anthropicParallelToolCallSteps() }),
  reasoningStream: () => ({ type: 'sse', steps: anthropicReasoningStreamSteps() }),
  cachedUsage: () => ({
    response: {
      type: 'json',
      body: anthropicMessage({
        usage: {
          input_tokens: 50,
          cache_creation_input_tokens: 36,
          cache_read_input_tokens: 1920,
          cache_creation: { ephemeral_5m_input_tokens: 36, ephemeral_1h_input_tokens: 0 },
          output_tokens: 300,
        },
      }),
    },
    usage: { promptTokens: 2006, completionTokens: 300, cachedTokens: 1920, cacheWriteTokens: 36 },
  }),
  httpError: (status, retryAfterSeconds) => anthropicErrorResponse(status, retryAfterSeconds),
  invalidResponse: () => ({ type: 'text', body: '{"id":"msg_01","type":"message","content":[{"type":"text",', contentType: 'application/json' }),
  inStreamError: () => ({
    type: 'sse',
    steps: [anthropicEvent.messageStart(), anthropicEvent.textStart(0), anthropicEvent.text(0, 'Hello'), anthropicEvent.error('overloaded_error', 'Overloaded')],
  }),
  brokenStream: () => ({
    type: 'sse',
    steps: [anthropicEvent.messageStart(), anthropicEvent.textStart(0), anthropicEvent.text(0, 'Hello!'), anthropicEvent.text(0, ' How'), sse.raw('event: content_block_delta\ndata: {"type":"content_bl')],
    end: 'drop',
  }),
  slowStream: () => ({ type: 'sse', steps: [anthropicEvent.messageStart(), anthropicEvent.textStart(0), anthropicEvent.text(0, 'Hello')], end: 'hang' }),
};

/** Signed thinking, then the tool call CONFORMANCE.toolCall (the matrix's signed-reasoning answer). */
function anthropicSignedReasoningMessage(): Record<string, unknown> {
  const call = CONFORMANCE.toolCall;
  return anthropicMessage({
    content: [
      { type: 'thinking', thinking: CONFORMANCE.signedReasoning, signature: ANTHROPIC_SIGNATURE },
      { type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown },
    ],
    stopReason: 'tool_use',
    usage: { input_tokens: 412, output_tokens: 121 },
  });
}

function anthropicSignedReasoningSteps(): SseStep[] {
  const call = CONFORMANCE.toolCall;
  const reasoning = CONFORMANCE.signedReasoning;
  return [
    anthropicEvent.messageStart({ input_tokens: 412 }),
    anthropicEvent.thinkingStart(0),
    anthropicEvent.thinking(0, reasoning.slice(0, 24)),
    anthropicEvent.thinking(0, reasoning.slice(24)),
    anthropicEvent.signature(0, ANTHROPIC_SIGNATURE),
    anthropicEvent.blockStop(0),
    anthropicEvent.toolStart(1, call.id, call.name),
    anthropicEvent.inputJson(1, '{"location":"Paris",'),
    anthropicEvent.inputJson(1, '"unit":"celsius"}'),
    anthropicEvent.blockStop(1),
    anthropicEvent.messageDelta('tool_use', { output_tokens: 121 }),
    anthropicEvent.messageStop(),
  ];
}

/** One answer per documented stop_reason (https://docs.anthropic.com/en/api/handling-stop-reasons). */
function anthropicFinishReasonResponse(native: string): ScriptedResponse {
  if (native === 'tool_use') {
    const call = CONFORMANCE.toolCall;
    return { type: 'json', body: anthropicMessage({ content: [{ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.arguments) as unknown }], stopReason: native }) };
  }
  if (native === 'stop_sequence') return { type: 'json', body: anthropicMessage({ stopReason: native, stopSequence: '###' }) };
  if (native === 'refusal') return { type: 'json', body: anthropicMessage({ content: [], stopReason: native }) };
  return { type: 'json', body: anthropicMessage({ stopReason: native }) };
}

/** The Anthropic protocol's column of the capability matrix. */
export const anthropicMatrixFixtures: MatrixFixtures = {
  jsonAnswer: () => ({ type: 'json', body: anthropicMessage({ content: [{ type: 'text', text: CONFORMANCE.jsonAnswer }] }) }),
  signedReasoningToolCall: () => ({ type: 'json', body: anthropicSignedReasoningMessage() }),
  signedReasoningToolCallStream: () => ({ type: 'sse', steps: anthropicSignedReasoningSteps() }),
  reasoningFormat: 'anthropic-claude-v1',
  finishReasons: () =>
    (
      [
        ['end_turn', 'stop'],
        ['stop_sequence', 'stop'],
        ['pause_turn', 'stop'],
        ['max_tokens', 'length'],
        ['model_context_window_exceeded', 'length'],
        ['tool_use', 'tool_calls'],
        ['refusal', 'content_filter'],
      ] as const
    ).map(([native, expected]) => ({ native, expected, response: anthropicFinishReasonResponse(native) })),
  extraErrors: [
    {
      name: '529 overloaded_error is a retryable upstream_http (a bad gateway for the client)',
      response: () => anthropicErrorResponse(529),
      expected: { kind: 'upstream_http', upstreamStatus: 529, status: 502 },
    },
    {
      name: '404 not_found_error (unknown model) keeps its status',
      response: () => anthropicErrorResponse(404),
      expected: { kind: 'upstream_http', upstreamStatus: 404, status: 404 },
    },
    {
      name: '413 request_too_large keeps its status',
      response: () => anthropicErrorResponse(413),
      expected: { kind: 'upstream_http', upstreamStatus: 413, status: 413 },
    },
    {
      name: '402 billing_error (the operator\'s account) is upstream_auth',
      response: () => ({ type: 'json', status: 402, body: { type: 'error', error: { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API.' } } }),
      expected: { kind: 'upstream_auth', upstreamStatus: 402 },
    },
    {
      name: 'an overloaded_error body sent with a 200 is classified as 529',
      response: () => ({ type: 'json', body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }),
      expected: { kind: 'upstream_http', upstreamStatus: 529 },
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
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: CONFORMANCE.imageBase64 } },
            ],
          },
        ],
      });
    },
    jsonSchema: (request) => {
      expect(request.body).toMatchObject({ output_config: { format: { type: 'json_schema', schema: WEATHER_SCHEMA } } });
    },
    signedRoundTrip: (request) => {
      const call = CONFORMANCE.toolCall;
      expect(request.body).toMatchObject({
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: CONFORMANCE.signedReasoning, signature: ANTHROPIC_SIGNATURE },
              { type: 'tool_use', id: call.id, name: call.name, input: { location: 'Paris', unit: 'celsius' } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: CONFORMANCE.toolResult }] },
        ],
      });
    },
  },
};
