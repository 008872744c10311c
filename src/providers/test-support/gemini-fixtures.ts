import type { ScriptedResponse, SseStep } from './fake-upstream.js';
import { sse } from './fake-upstream.js';
import { expect } from 'vitest';
import { CONFORMANCE } from './conformance-answers.js';
import type { ConformanceFixtures, MatrixFixtures } from './adapter-conformance.js';

/**
 * Gemini API (v1beta) wire payloads shaped like the public reference
 * (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse, the streaming
 * and thinking guides, and https://ai.google.dev/gemini-api/docs/troubleshooting for errors),
 * with builders for variations.
 */

export const GEMINI_RESPONSE_ID = 'mAitaJ7bBdGhz7IPjKe9mQo';
export const GEMINI_MODEL = 'gemini-2.5-flash';
/** Thought signatures are opaque base64 blobs; these stand in for real ones. */
export const GEMINI_SIGNATURE = 'CiQB0e2Kb1J0c2lnbmF0dXJlLWZvci1nZXRfd2VhdGhlci1wYXJpcxI=';
export const GEMINI_SECOND_SIGNATURE = 'CiQB0e2Kb1J0c2lnbmF0dXJlLWZvci1nZXRfd2VhdGhlci10b2t5bxI=';

type Part = Record<string, unknown>;

/** usageMetadata as Gemini reports it, merged over the conformance counts (19 in, 10 out). */
export function geminiUsageMetadata(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    promptTokenCount: 19,
    candidatesTokenCount: 10,
    totalTokenCount: 29,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 19 }],
    ...overrides,
  };
}

/** A whole GenerateContentResponse with one candidate. `usage: null` leaves usageMetadata out. */
export function geminiResponse(options: { parts?: Part[]; finishReason?: string | null; usage?: Record<string, unknown> | null } = {}): Record<string, unknown> {
  const candidate: Record<string, unknown> = {
    content: { parts: options.parts ?? [{ text: CONFORMANCE.text }], role: 'model' },
    index: 0,
  };
  const finishReason = options.finishReason === undefined ? 'STOP' : options.finishReason;
  if (finishReason !== null) candidate.finishReason = finishReason;
  const body: Record<string, unknown> = { candidates: [candidate] };
  if (options.usage !== null) body.usageMetadata = geminiUsageMetadata(options.usage);
  body.modelVersion = GEMINI_MODEL;
  body.responseId = GEMINI_RESPONSE_ID;
  return body;
}

/**
 * One SSE chunk of `:streamGenerateContent?alt=sse`: a GenerateContentResponse with the new
 * parts only; Gemini repeats usageMetadata (running counts) and ids on every chunk.
 */
export function geminiChunk(parts: Part[], finishReason?: string, usage: Record<string, unknown> = {}): Record<string, unknown> {
  const candidate: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
  if (finishReason !== undefined) candidate.finishReason = finishReason;
  return {
    candidates: [candidate],
    usageMetadata: finishReason === undefined ? { promptTokenCount: 19, totalTokenCount: 19, ...usage } : geminiUsageMetadata(usage),
    modelVersion: GEMINI_MODEL,
    responseId: GEMINI_RESPONSE_ID,
  };
}

/** A streamed text answer: one chunk per piece, the last with finishReason. */
export function geminiTextStreamSteps(pieces: readonly string[], finishReason = 'STOP'): SseStep[] {
  return pieces.map((piece, index) => sse.data(geminiChunk([{ text: piece }], index === pieces.length - 1 ? finishReason : undefined)));
}

/** Google's error body for a status (codes and messages as the troubleshooting guide lists them). */
export function geminiErrorBody(status: number, retryDelaySeconds?: number): Record<string, unknown> {
  const byStatus: Record<number, { status: string; message: string; details?: Record<string, unknown>[] }> = {
    400: { status: 'INVALID_ARGUMENT', message: '* GenerateContentRequest.generation_config.temperature: must be in [0.0, 2.0]\n' },
    401: { status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' },
    403: { status: 'PERMISSION_DENIED', message: 'Permission denied: Consumer \'api_key:sk-test-SECRET-0123456789abcdef\' has been suspended.' },
    429: {
      status: 'RESOURCE_EXHAUSTED',
      message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
      ],
    },
    500: { status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
    503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  };
  const known = byStatus[status] ?? { status: 'UNKNOWN', message: `HTTP ${status}` };
  const details = [...(known.details ?? [])];
  if (retryDelaySeconds !== undefined) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryDelaySeconds}s` });
  const error: Record<string, unknown> = { code: status, message: known.message, status: known.status };
  if (details.length > 0) error.details = details;
  return { error };
}

/** The body Google sends for a wrong key: a 400 whose ErrorInfo reason is API_KEY_INVALID. */
export function geminiInvalidKeyBody(): Record<string, unknown> {
  return {
    error: {
      code: 400,
      message: 'API key not valid. Please pass a valid API key.',
      status: 'INVALID_ARGUMENT',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
      ],
    },
  };
}

/**
 * A scripted error response. A 429 carries its wait the way Google does, as RetryInfo in the
 * body (no Retry-After header); other statuses use the header, which takes precedence.
 */
export function geminiErrorResponse(status: number, retryAfterSeconds?: number): ScriptedResponse {
  if (status === 429) return { type: 'json', status, body: geminiErrorBody(status, retryAfterSeconds) };
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return { type: 'json', status, headers, body: geminiErrorBody(status) };
}

/** A functionCall part as Gemini sends it; `id` only when given (Gemini 2.5 sends none). */
export function functionCallPart(call: { id?: string; name: string; arguments: string }, signature?: string): Part {
  const functionCall: Record<string, unknown> = { name: call.name, args: JSON.parse(call.arguments) as unknown };
  if (call.id !== undefined) functionCall.id = call.id;
  const part: Part = { functionCall };
  if (signature !== undefined) part.thoughtSignature = signature;
  return part;
}

/** The Gemini protocol's fixtures for the shared conformance suite. */
export const geminiConformanceResponses: ConformanceFixtures['responses'] = {
  text: () => ({ type: 'json', body: geminiResponse() }),
  textStream: () => ({ type: 'sse', steps: geminiTextStreamSteps(['Hello', '! How can I', ' help you today?']) }),
  toolCall: () => ({ type: 'json', body: geminiResponse({ parts: [functionCallPart(CONFORMANCE.toolCall, GEMINI_SIGNATURE)] }) }),
  parallelToolCallStream: () => {
    const [paris, tokyo] = CONFORMANCE.parallelToolCalls;
    return {
      type: 'sse',
      steps: [
        sse.data(geminiChunk([functionCallPart(paris, GEMINI_SIGNATURE)])),
        sse.data(geminiChunk([functionCallPart(tokyo)], 'STOP', { candidatesTokenCount: 48, totalTokenCount: 67 })),
      ],
    };
  },
  reasoningStream: () => ({
    type: 'sse',
    steps: [
      sse.data(geminiChunk([{ text: 'The user greets me. ', thought: true }])),
      sse.data(geminiChunk([{ text: 'I should greet them back and offer help.', thought: true }])),
      sse.data(geminiChunk([{ text: 'Hello! How can I help' }])),
      sse.data(geminiChunk([{ text: ' you today?', thoughtSignature: GEMINI_SIGNATURE }], 'STOP', { candidatesTokenCount: 10, thoughtsTokenCount: 30, totalTokenCount: 59 })),
    ],
  }),
  cachedUsage: () => ({
    response: {
      type: 'json',
      body: geminiResponse({
        usage: {
          promptTokenCount: 2006,
          candidatesTokenCount: 108,
          thoughtsTokenCount: 192,
          cachedContentTokenCount: 1920,
          totalTokenCount: 2306,
          promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2006 }],
          cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1920 }],
        },
      }),
    },
    usage: { promptTokens: 2006, completionTokens: 300, cachedTokens: 1920, reasoningTokens: 192 },
  }),
  httpError: (status, retryAfterSeconds) => geminiErrorResponse(status, retryAfterSeconds),
  invalidResponse: () => ({ type: 'text', body: '{"candidates":[{"content":{"parts":', contentType: 'application/json' }),
  inStreamError: () => ({
    type: 'sse',
    steps: [sse.data(geminiChunk([{ text: 'Hello' }])), sse.data(geminiErrorBody(500))],
  }),
  brokenStream: () => ({
    type: 'sse',
    steps: [sse.data(geminiChunk([{ text: 'Hello!' }])), sse.data(geminiChunk([{ text: ' How' }])), sse.raw('data: {"candidates":[{"content":')],
    end: 'drop',
  }),
  slowStream: () => ({ type: 'sse', steps: [sse.data(geminiChunk([{ text: 'Hello' }]))], end: 'hang' }),
};

/** The signed-reasoning answer: a thought summary, then the call carrying the signature. */
function geminiSignedReasoningParts(): Part[] {
  return [{ text: CONFORMANCE.signedReasoning, thought: true }, functionCallPart(CONFORMANCE.toolCall, GEMINI_SIGNATURE)];
}

/** Every FinishReason the reference documents for text models, and what it maps to. */
const GEMINI_FINISH_REASONS = [
  ['STOP', 'stop'],
  ['MAX_TOKENS', 'length'],
  ['SAFETY', 'content_filter'],
  ['RECITATION', 'content_filter'],
  ['LANGUAGE', 'content_filter'],
  ['BLOCKLIST', 'content_filter'],
  ['PROHIBITED_CONTENT', 'content_filter'],
  ['SPII', 'content_filter'],
  ['IMAGE_SAFETY', 'content_filter'],
  ['MALFORMED_FUNCTION_CALL', 'error'],
  ['OTHER', 'error'],
] as const;

/** The Gemini protocol's column of the capability matrix. */
export const geminiMatrixFixtures: MatrixFixtures = {
  jsonAnswer: () => ({ type: 'json', body: geminiResponse({ parts: [{ text: CONFORMANCE.jsonAnswer }] }) }),
  signedReasoningToolCall: () => ({
    type: 'json',
    body: geminiResponse({ parts: geminiSignedReasoningParts(), usage: { candidatesTokenCount: 23, thoughtsTokenCount: 38, totalTokenCount: 80 } }),
  }),
  signedReasoningToolCallStream: () => ({
    type: 'sse',
    steps: [
      sse.data(geminiChunk([{ text: CONFORMANCE.signedReasoning.slice(0, 24), thought: true }])),
      sse.data(geminiChunk([{ text: CONFORMANCE.signedReasoning.slice(24), thought: true }])),
      sse.data(geminiChunk([functionCallPart(CONFORMANCE.toolCall, GEMINI_SIGNATURE)], 'STOP', { candidatesTokenCount: 23, thoughtsTokenCount: 38, totalTokenCount: 80 })),
    ],
  }),
  reasoningFormat: 'google-gemini-v1',
  finishReasons: () => [
    ...GEMINI_FINISH_REASONS.map(([native, expected]) => ({ native, expected, response: { type: 'json', body: geminiResponse({ finishReason: native }) } as ScriptedResponse })),
    // Gemini has no tool-use reason: a turn that calls functions ends with STOP.
    { native: 'STOP', expected: 'tool_calls', response: { type: 'json', body: geminiResponse({ parts: [functionCallPart(CONFORMANCE.toolCall)] }) } },
  ],
  extraErrors: [
    {
      name: '400 API_KEY_INVALID is the operator\'s key: upstream_auth, not the client\'s 400',
      response: () => ({ type: 'json', status: 400, body: geminiInvalidKeyBody() }),
      expected: { kind: 'upstream_auth', upstreamStatus: 400, status: 502 },
    },
    {
      name: '429 RESOURCE_EXHAUSTED without Retry-After takes its wait from RetryInfo',
      response: () => ({ type: 'json', status: 429, body: geminiErrorBody(429, 23) }),
      expected: { kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 23 },
    },
    {
      name: '404 NOT_FOUND (model unknown upstream) keeps its status',
      response: () => ({
        type: 'json',
        status: 404,
        body: { error: { code: 404, message: 'models/gemini-9-flash is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.', status: 'NOT_FOUND' } },
      }),
      expected: { kind: 'upstream_http', upstreamStatus: 404, status: 404 },
    },
    {
      name: '504 DEADLINE_EXCEEDED is a bad gateway for the client',
      response: () => ({ type: 'json', status: 504, body: { error: { code: 504, message: 'Deadline expired before operation could complete.', status: 'DEADLINE_EXCEEDED' } } }),
      expected: { kind: 'upstream_http', upstreamStatus: 504, status: 502 },
    },
    {
      name: 'a 200 with promptFeedback.blockReason (blocked prompt) is the client\'s 400',
      response: () => ({ type: 'json', body: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, modelVersion: GEMINI_MODEL, responseId: 'blocked-1' } }),
      expected: { kind: 'bad_request', status: 400 },
    },
    {
      name: 'a 200 carrying an error body is that error',
      response: () => ({ type: 'json', body: geminiErrorBody(500) }),
      expected: { kind: 'upstream_http', upstreamStatus: 500, status: 502 },
    },
  ],
  expectSent: {
    image: (request) => {
      expect(request.body).toMatchObject({
        contents: [{ role: 'user', parts: [{ text: 'What is in this image?' }, { inlineData: { mimeType: 'image/png', data: CONFORMANCE.imageBase64 } }] }],
      });
    },
    jsonSchema: (request) => {
      expect(request.body).toMatchObject({
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: { type: 'OBJECT', properties: { city: { type: 'STRING', description: 'City name' }, temperature_c: { type: 'NUMBER' } }, required: ['city', 'temperature_c'] },
        },
      });
      expect(request.rawBody).not.toContain('additionalProperties');
    },
    signedRoundTrip: (request) => {
      const call = CONFORMANCE.toolCall;
      expect(request.body).toMatchObject({
        contents: [
          { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
          { role: 'model', parts: [{ functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown }, thoughtSignature: GEMINI_SIGNATURE }] },
          { role: 'user', parts: [{ functionResponse: { name: call.name, response: JSON.parse(CONFORMANCE.toolResult) as unknown } }] },
        ],
        tools: [{ functionDeclarations: [{ name: 'get_weather' }] }],
        generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
      });
      // Thought summaries are not sent back; only the signature is.
      expect(request.rawBody).not.toContain(CONFORMANCE.signedReasoning);
    },
  },
};
