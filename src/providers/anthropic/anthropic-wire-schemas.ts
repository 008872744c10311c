import { z } from 'zod';

/**
 * What an Anthropic Messages upstream answers, as zod schemas: the `message` object and the
 * streaming events (https://docs.anthropic.com/en/api/messages and .../messages-streaming).
 * Lenient where the API has grown fields over time (unknown fields and block types are
 * ignored), strict where we depend on a type.
 */

const tokenCount = z.number().int().nonnegative();

/** `usage` of a message, of `message_start` and (cumulative counts) of `message_delta`. */
export const anthropicUsageSchema = z.object({
  input_tokens: tokenCount.nullish(),
  output_tokens: tokenCount.nullish(),
  cache_creation_input_tokens: tokenCount.nullish(),
  cache_read_input_tokens: tokenCount.nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** A content block of an answer. Types we do not translate (server tool results…) pass as `other`. */
export const anthropicContentBlockSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() }),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }),
  z.object({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() }),
  z.object({ type: z.string() }),
]);
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

/** The non-streamed `message` object. */
export const anthropicMessageSchema = z.object({
  id: z.string().nullish(),
  type: z.literal('message'),
  role: z.literal('assistant').nullish(),
  model: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

/** `{"type":"error","error":{"type","message"}}`, as an error body and as the in-stream `error` event. */
export const anthropicErrorSchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: z.string(), message: z.string().nullish() }),
});

const contentDeltaSchema = z.union([
  z.object({ type: z.literal('text_delta'), text: z.string() }),
  z.object({ type: z.literal('input_json_delta'), partial_json: z.string() }),
  z.object({ type: z.literal('thinking_delta'), thinking: z.string() }),
  z.object({ type: z.literal('signature_delta'), signature: z.string() }),
  // citations_delta and future delta types carry nothing we translate.
  z.object({ type: z.string() }),
]);

/** One streaming event, by its `type` field (which repeats the SSE `event:` name). */
export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({ id: z.string().nullish(), model: z.string().nullish(), usage: anthropicUsageSchema.nullish() }),
  }),
  z.object({ type: z.literal('content_block_start'), index: z.number().int(), content_block: anthropicContentBlockSchema }),
  z.object({ type: z.literal('content_block_delta'), index: z.number().int(), delta: contentDeltaSchema }),
  z.object({ type: z.literal('content_block_stop'), index: z.number().int() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('ping') }),
  anthropicErrorSchema,
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;
