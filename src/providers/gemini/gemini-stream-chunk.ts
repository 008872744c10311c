import type { GeminiPart } from './gemini-wire-schemas.js';

/**
 * One `:streamGenerateContent?alt=sse` event, checked by a hand-written guard instead of zod:
 * it runs once per streamed chunk, so it only looks at the fields the converter reads, with
 * plain `typeof` tests and no allocation. `usageMetadata` comes on every chunk and is only
 * validated (with its zod schema) once, at the end of the stream.
 * Shape: https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse
 */
export interface GeminiStreamChunk {
  candidates?: { content?: { parts?: GeminiPart[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: unknown;
  modelVersion?: string;
  responseId?: string;
}

/** Whether a parsed SSE payload has the chunk shape in every field the converter reads. */
export function isGeminiStreamChunk(value: unknown): value is GeminiStreamChunk {
  if (!isObject(value)) return false;
  if (!isOptionalString(value.responseId) || !isOptionalString(value.modelVersion)) return false;
  const feedback = value.promptFeedback;
  if (feedback !== undefined && !(isObject(feedback) && isOptionalString(feedback.blockReason) && isOptionalString(feedback.blockReasonMessage))) return false;
  const candidates = value.candidates;
  if (candidates === undefined) return true;
  if (!Array.isArray(candidates)) return false;
  for (const candidate of candidates) if (!isCandidate(candidate)) return false;
  return true;
}

function isCandidate(value: unknown): boolean {
  if (!isObject(value) || !isOptionalString(value.finishReason)) return false;
  const content = value.content;
  if (content === undefined) return true;
  if (!isObject(content)) return false;
  const parts = content.parts;
  if (parts === undefined) return true;
  if (!Array.isArray(parts)) return false;
  for (const part of parts) if (!isPart(part)) return false;
  return true;
}

function isPart(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isOptionalString(value.text) || !isOptionalString(value.thoughtSignature)) return false;
  if (value.thought !== undefined && typeof value.thought !== 'boolean') return false;
  const call = value.functionCall;
  if (call === undefined) return true;
  if (!isObject(call) || typeof call.name !== 'string' || !isOptionalString(call.id)) return false;
  return call.args === undefined || call.args === null || isObject(call.args);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
