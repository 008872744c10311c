import type { OpenAIChatCompletion } from './openai-wire-schemas.js';

/**
 * The common shape of a non-streamed `chat.completion`, recognised by a hand-written guard:
 * text or no content, no tool calls, no reasoning details, the usual usage block. The guard
 * accepts only what openAIChatCompletionSchema accepts too (a subset), so an answer it passes
 * skips zod's pass over the object; anything else (tool calls, content parts, a wrong type)
 * goes through the schema, which also words the error. Its test checks the subset property
 * on realistic answers and on every field of them mutated.
 */
export function isPlainChatCompletion(value: unknown): value is OpenAIChatCompletion {
  if (!isObject(value)) return false;
  if (!isNullishString(value.id) || !isNullishString(value.model)) return false;
  const choices = value.choices;
  if (!Array.isArray(choices) || choices.length === 0) return false;
  for (const choice of choices) if (!isPlainChoice(choice)) return false;
  const usage = value.usage;
  return usage === undefined || usage === null || isUsage(usage);
}

function isPlainChoice(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isNullishInteger(value.index) || !isNullishString(value.finish_reason)) return false;
  const message = value.message;
  if (!isObject(message)) return false;
  return (
    isNullishString(message.role) && isNullishString(message.content) && isNullishString(message.refusal) &&
    isNullishString(message.reasoning) && isNullishString(message.reasoning_content) &&
    isNoneOrEmpty(message.reasoning_details) && isNoneOrEmpty(message.tool_calls) && isNullish(message.function_call)
  );
}

function isUsage(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (!isNullishCount(value.prompt_tokens) || !isNullishCount(value.completion_tokens)) return false;
  if (!isNullishCount(value.total_tokens) || !isNullishCount(value.prompt_cache_hit_tokens)) return false;
  const prompt = value.prompt_tokens_details;
  if (!isNullish(prompt) && !(isObject(prompt) && isNullishCount(prompt.cached_tokens) && isNullishCount(prompt.cache_write_tokens))) return false;
  const completion = value.completion_tokens_details;
  return isNullish(completion) || (isObject(completion) && isNullishCount(completion.reasoning_tokens));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullish(value: unknown): boolean {
  return value === undefined || value === null;
}

/** vLLM sends `tool_calls: []` with a plain answer. */
function isNoneOrEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function isNullishString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/** zod's `.int()` is a safe integer. */
function isNullishInteger(value: unknown): boolean {
  return value === undefined || value === null || Number.isSafeInteger(value);
}

function isNullishCount(value: unknown): boolean {
  return value === undefined || value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}
