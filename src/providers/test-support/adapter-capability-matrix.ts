import { describe, expect, it } from 'vitest';
import type { ChatRequest, ReasoningDetail } from '../../spec/chat-request.js';
import type { FinishReason } from '../../spec/finish-reason.js';
import type { GatewayError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { ProviderAdapter, UpstreamCall } from '../provider-adapter.js';
import type { FakeUpstream, RecordedRequest, ScriptedResponse } from './fake-upstream.js';
import { CONFORMANCE, WEATHER_SCHEMA, WEATHER_TOOL } from './conformance-answers.js';
import { assembleToolCalls, chatRequest, collectStream, joinDeltas, rejectionOf } from './stream-helpers.js';

/**
 * The adapter × capability matrix (issue 3): scenarios beyond the basic conformance suite that
 * every protocol must pass — images, json_schema, reasoning with provider signatures carried
 * back on the next turn, every native finish reason, protocol-specific error classes. The
 * harness checks the IR both ways generically (the signature and the tool result must reach
 * the wire; the answer must come back intact); `expectSent` checks the protocol's own wire.
 */

export interface MatrixFixtures {
  /** Non-streamed answer whose text is exactly CONFORMANCE.jsonAnswer, natural stop. */
  jsonAnswer(): ScriptedResponse;
  /**
   * Non-streamed answer: reasoning CONFORMANCE.signedReasoning with the provider's signature
   * (or encrypted data), then the tool call CONFORMANCE.toolCall, finish for tool use.
   */
  signedReasoningToolCall(): ScriptedResponse;
  /** The same answer streamed, the reasoning and the call's arguments in several pieces. */
  signedReasoningToolCallStream(): ScriptedResponse;
  /** The `format` of the reasoning details this protocol produces (e.g. `anthropic-claude-v1`). */
  reasoningFormat: string;
  /**
   * Every native finish reason the protocol documents, with the OpenRouter reason it maps to.
   * Together they must cover stop, length, tool_calls and content_filter.
   */
  finishReasons(): Array<{ native: string; expected: FinishReason | null; response: ScriptedResponse }>;
  /** Error classes of this protocol beyond the shared statuses (e.g. Anthropic's 529 overloaded). */
  extraErrors: Array<{
    name: string;
    response: () => ScriptedResponse;
    expected: Partial<Pick<GatewayError, 'kind' | 'status' | 'upstreamStatus' | 'retryAfterSeconds'>>;
  }>;
  /** Protocol wire checks of what the adapter sent. */
  expectSent: {
    /** A user turn with a text part and a base64 PNG data URL. */
    image(request: RecordedRequest): void;
    /** `response_format: json_schema` with WEATHER_SCHEMA named `weather`, strict. */
    jsonSchema(request: RecordedRequest): void;
    /** The second turn: user, assistant (signed reasoning + tool call), tool result. */
    signedRoundTrip(request: RecordedRequest, details: ReasoningDetail[]): void;
  };
}

/** What the matrix needs from the surrounding conformance suite. */
export interface MatrixHarness {
  adapter: ProviderAdapter;
  upstream(): FakeUpstream;
  call(): UpstreamCall;
  /** The protocol's plain text answer (CONFORMANCE.text). */
  text(): ScriptedResponse;
}

const REQUIRED_FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'tool_calls', 'content_filter'];

export function describeCapabilityMatrix(matrix: MatrixFixtures, harness: MatrixHarness): void {
  describe('capability matrix', () => {
    const { adapter } = harness;

    it('images: a base64 image reaches the upstream and the answer comes back', async () => {
      harness.upstream().enqueue(harness.text());
      const request = chatRequest({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image', url: `data:image/png;base64,${CONFORMANCE.imageBase64}` },
            ],
          },
        ],
      });
      const result = await adapter.complete(request, harness.call());
      const sent = harness.upstream().lastRequest();
      expect(sent.rawBody).toContain(CONFORMANCE.imageBase64);
      expect(sent.rawBody).toContain('What is in this image?');
      matrix.expectSent.image(sent);
      expect(result.content).toBe(CONFORMANCE.text);
    });

    it('json_schema: the schema reaches the upstream and the JSON answer comes back verbatim', async () => {
      harness.upstream().enqueue(matrix.jsonAnswer());
      const request = chatRequest({
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris as JSON' }] }],
        responseFormat: { type: 'json_schema', name: 'weather', schema: WEATHER_SCHEMA, strict: true },
      });
      const result = await adapter.complete(request, harness.call());
      const sent = harness.upstream().lastRequest();
      expect(sent.rawBody).toContain('temperature_c');
      matrix.expectSent.jsonSchema(sent);
      expect(result.content).toBe(CONFORMANCE.jsonAnswer);
      expect(JSON.parse(result.content ?? '')).toEqual({ city: 'Paris', temperature_c: 24 });
      expect(result.finishReason).toBe('stop');
    });

    it('signed reasoning: reasoning, its signed details and the tool call come back; the details return unchanged on the next turn', async () => {
      harness.upstream().enqueue(matrix.signedReasoningToolCall());
      const first = await adapter.complete(weatherQuestion(), harness.call());
      expect(first.reasoning).toBe(CONFORMANCE.signedReasoning);
      expect(first.toolCalls).toEqual([CONFORMANCE.toolCall]);
      expect(first.finishReason).toBe('tool_calls');
      const details = first.reasoningDetails ?? [];
      expectSigned(details, matrix.reasoningFormat);

      harness.upstream().enqueue(harness.text());
      const second = await adapter.complete(secondTurn(first.reasoning ?? '', details), harness.call());
      const sent = harness.upstream().lastRequest();
      for (const secret of signaturesOf(details)) expect(sent.rawBody).toContain(secret);
      expect(sent.rawBody).toContain('sunny');
      expect(sent.rawBody).toContain(CONFORMANCE.toolCall.name);
      matrix.expectSent.signedRoundTrip(sent, details);
      expect(second.content).toBe(CONFORMANCE.text);
    });

    it('signed reasoning, streamed: reasoning deltas, signed details, then the tool call by pieces', async () => {
      harness.upstream().enqueue(matrix.signedReasoningToolCallStream());
      const { parts, thrown } = await collectStream(await adapter.stream(weatherQuestion({ stream: true }), harness.call()));
      expect(thrown).toBeUndefined();
      expect(joinDeltas(parts, 'reasoning-delta')).toBe(CONFORMANCE.signedReasoning);
      const details = parts.flatMap((part) => (part.type === 'reasoning-details' ? part.details : []));
      expectSigned(details, matrix.reasoningFormat);
      const calls = assembleToolCalls(parts);
      expect(calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }))).toEqual([CONFORMANCE.toolCall]);
      const lastReasoning = parts.findLastIndex((part) => part.type === 'reasoning-delta');
      const firstCall = parts.findIndex((part) => part.type === 'tool-call-delta');
      expect(lastReasoning).toBeLessThan(firstCall);
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls' } satisfies Partial<StreamPart>);
    });

    describe('finish reasons', () => {
      it('the protocol\'s reasons cover stop, length, tool_calls and content_filter', () => {
        const covered = new Set(matrix.finishReasons().map((entry) => entry.expected));
        for (const reason of REQUIRED_FINISH_REASONS) expect(covered).toContain(reason);
      });

      for (const { native, expected } of matrix.finishReasons()) {
        it(`${native} → ${String(expected)}, the native reason kept`, async () => {
          // Matched on both: one native reason can map two ways (Gemini's STOP is tool_calls when the turn calls functions).
          const entry = matrix.finishReasons().find((candidate) => candidate.native === native && candidate.expected === expected);
          harness.upstream().enqueue(entry!.response);
          const result = await adapter.complete(chatRequest(), harness.call());
          expect({ finishReason: result.finishReason, nativeFinishReason: result.nativeFinishReason }).toEqual({ finishReason: expected, nativeFinishReason: native });
        });
      }
    });

    describe('protocol error classes', () => {
      for (const { name, response, expected } of matrix.extraErrors) {
        it(name, async () => {
          harness.upstream().enqueue(response());
          const error = await rejectionOf(adapter.complete(chatRequest(), harness.call()));
          expect(error).toMatchObject(expected);
        });
      }
    });
  });
}

function weatherQuestion(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return chatRequest({
    messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
    tools: [WEATHER_TOOL],
    reasoning: { maxTokens: 1024 },
    ...overrides,
  });
}

/** The conversation a client sends after running the tool: its history echoed back unchanged. */
function secondTurn(reasoning: string, details: ReasoningDetail[]): ChatRequest {
  return weatherQuestion({
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
      { role: 'assistant', content: [], toolCalls: [CONFORMANCE.toolCall], reasoning, reasoningDetails: details },
      { role: 'tool', toolCallId: CONFORMANCE.toolCall.id, content: [{ type: 'text', text: CONFORMANCE.toolResult }] },
    ],
  });
}

function expectSigned(details: ReasoningDetail[], format: string): void {
  expect(details.length).toBeGreaterThan(0);
  for (const detail of details) expect(detail.format).toBe(format);
  expect(signaturesOf(details).length).toBeGreaterThan(0);
}

/** The opaque provider strings that must travel back byte for byte. */
function signaturesOf(details: ReasoningDetail[]): string[] {
  return details.flatMap((detail) => [detail.signature, detail.data].filter((value): value is string => typeof value === 'string' && value.length > 0));
}
