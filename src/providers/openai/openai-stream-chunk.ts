/**
 * The `chat.completion.chunk` (and legacy `text_completion` chunk) shape, checked by a
 * hand-written guard instead of zod: this runs once per streamed token, so it only looks at
 * the fields the converter reads, with plain `typeof` tests and no allocation.
 * Shape: https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */

export interface OpenAIToolCallDelta {
  index?: number | null;
  id?: string | null;
  function?: {
    name?: string | null;
    /** JSON text fragment; a few servers send a whole parsed object in one delta. */
    arguments?: string | Record<string, unknown> | null;
  } | null;
}

export interface OpenAIStreamDelta {
  content?: string | null;
  reasoning?: string | null;
  reasoning_content?: string | null;
  /** Checked entry by entry by readReasoningDetails. */
  reasoning_details?: unknown;
  refusal?: string | null;
  tool_calls?: OpenAIToolCallDelta[] | null;
}

export interface OpenAIStreamChoice {
  index?: number | null;
  delta?: OpenAIStreamDelta | null;
  /** Legacy completions stream text here instead of in `delta`. */
  text?: string | null;
  finish_reason?: string | null;
}

export interface OpenAIStreamChunk {
  id?: string | null;
  model?: string | null;
  choices?: OpenAIStreamChoice[] | null;
  /** Validated with the usage schema when present (once per stream). */
  usage?: unknown;
  /** An error reported mid-stream (OpenRouter and others keep HTTP 200). */
  error?: unknown;
}

/** Whether a parsed SSE payload has the chunk shape in every field the converter reads. */
export function isOpenAIStreamChunk(value: unknown): value is OpenAIStreamChunk {
  if (!isObject(value)) return false;
  if (!isOptionalString(value.id) || !isOptionalString(value.model)) return false;
  const choices = value.choices;
  if (choices === undefined || choices === null) return true;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) if (!isChoice(choice)) return false;
  return true;
}

function isChoice(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isOptionalNumber(value.index)) return false;
  if (!isOptionalString(value.finish_reason) || !isOptionalString(value.text)) return false;
  const delta = value.delta;
  return delta === undefined || delta === null || isDelta(delta);
}

function isDelta(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isOptionalString(value.content) || !isOptionalString(value.reasoning)) return false;
  if (!isOptionalString(value.reasoning_content) || !isOptionalString(value.refusal)) return false;
  const toolCalls = value.tool_calls;
  if (toolCalls === undefined || toolCalls === null) return true;
  if (!Array.isArray(toolCalls)) return false;
  for (const call of toolCalls) if (!isToolCallDelta(call)) return false;
  return true;
}

function isToolCallDelta(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isOptionalNumber(value.index) || !isOptionalString(value.id)) return false;
  const fn = value.function;
  if (fn === undefined || fn === null) return true;
  if (!isObject(fn) || !isOptionalString(fn.name)) return false;
  const args = fn.arguments;
  return args === undefined || args === null || typeof args === 'string' || isObject(args);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalNumber(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'number';
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}
