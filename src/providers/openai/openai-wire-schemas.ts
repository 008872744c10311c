import { z } from 'zod';

/**
 * What OpenAI-compatible upstreams answer, as zod schemas: the non-streamed chat and legacy
 * completion objects. Deliberately lenient where real servers differ (nullable fields,
 * missing ids) and strict where we depend on a type; unknown fields are ignored.
 * Shapes: https://platform.openai.com/docs/api-reference/chat/object. Error bodies are read
 * by shared/upstream-error.ts, whose envelope schemas cover OpenAI's
 * `{"error":{"message","type","param","code"}}` and the variants other servers send.
 */

const tokenCount = z.number().int().nonnegative();

/** `usage` of chat and legacy completions, with the detail objects OpenAI and OpenRouter send. */
export const openAIUsageSchema = z.object({
  prompt_tokens: tokenCount.nullish(),
  completion_tokens: tokenCount.nullish(),
  total_tokens: tokenCount.nullish(),
  prompt_tokens_details: z
    .object({ cached_tokens: tokenCount.nullish(), cache_write_tokens: tokenCount.nullish() })
    .nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: tokenCount.nullish() }).nullish(),
  // DeepSeek reports cache hits at the top level (api-docs.deepseek.com, "Context Caching").
  prompt_cache_hit_tokens: tokenCount.nullish(),
});
export type OpenAIUsage = z.infer<typeof openAIUsageSchema>;

/** Arguments are JSON text per the spec; a few servers send the parsed object instead. */
const toolArgumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

const toolCallSchema = z.object({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.object({ name: z.string(), arguments: toolArgumentsSchema.nullish() }),
});

/** Message content is a string; some servers (Mistral's reasoning models) send an array of typed parts. */
const contentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().nullish() })),
]);

const messageSchema = z.object({
  role: z.string().nullish(),
  content: contentSchema.nullish(),
  refusal: z.string().nullish(),
  // OpenRouter and vLLM (recent) use `reasoning`; DeepSeek and older vLLM use `reasoning_content`.
  reasoning: z.string().nullish(),
  reasoning_content: z.string().nullish(),
  // Entries are checked one by one (readReasoningDetails) so one odd entry does not fail the answer.
  reasoning_details: z.array(z.unknown()).nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  // The pre-tools form of a single call (`function_call`), still sent by a few servers.
  function_call: z.object({ name: z.string(), arguments: toolArgumentsSchema.nullish() }).nullish(),
});

const chatChoiceSchema = z.object({
  index: z.number().int().nullish(),
  message: messageSchema,
  finish_reason: z.string().nullish(),
});

/** The `chat.completion` object. */
export const openAIChatCompletionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(chatChoiceSchema).min(1),
  usage: openAIUsageSchema.nullish(),
});
export type OpenAIChatCompletion = z.infer<typeof openAIChatCompletionSchema>;
export type OpenAIToolCall = z.infer<typeof toolCallSchema>;

/** The legacy `text_completion` object of `POST /completions`. */
export const openAITextCompletionSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(z.object({ index: z.number().int().nullish(), text: z.string().nullish(), finish_reason: z.string().nullish() }))
    .min(1),
  usage: openAIUsageSchema.nullish(),
});
export type OpenAITextCompletion = z.infer<typeof openAITextCompletionSchema>;
