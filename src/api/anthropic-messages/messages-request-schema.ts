import { z } from 'zod';
import { providerPreferencesSchema } from '../openai-chat/chat-request-schema.js';

/**
 * Zod schemas of Anthropic's Messages API request (POST /v1/messages), as in Anthropic's API
 * reference, plus OpenRouter's routing extensions (`models`, `provider`, `session_id`).
 * Unknown top-level fields are tolerated (clients send `service_tier`, betas' fields) and not
 * forwarded: they mean nothing to the other protocols.
 */

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

const textBlockSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.nullish(),
  // Citations on echoed assistant text are accepted and dropped: no other protocol has them.
  citations: z.array(z.unknown()).nullish(),
});

const imageSourceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({
      type: z.literal('base64'),
      media_type: z.enum(['image/jpeg', 'image/png', 'image/gif', 'image/webp']),
      data: z.string().min(1, 'image data must not be empty'),
    }),
    z.object({ type: z.literal('url'), url: z.string().min(1, 'image url must not be empty') }),
  ],
  { error: 'image source type must be "base64" or "url"' },
);

const imageBlockSchema = z.object({
  type: z.literal('image'),
  source: imageSourceSchema,
  cache_control: cacheControlSchema.nullish(),
});

const toolUseBlockSchema = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  cache_control: cacheControlSchema.nullish(),
});

const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.discriminatedUnion('type', [textBlockSchema, imageBlockSchema]))]).optional(),
  is_error: z.boolean().optional(),
  cache_control: cacheControlSchema.nullish(),
});

const thinkingBlockSchema = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});

const redactedThinkingBlockSchema = z.object({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});

const contentBlockSchema = z.discriminatedUnion(
  'type',
  [textBlockSchema, imageBlockSchema, toolUseBlockSchema, toolResultBlockSchema, thinkingBlockSchema, redactedThinkingBlockSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'content block type must be one of text, image, tool_use, tool_result, thinking, redacted_thinking'
        : undefined,
  },
);

const messageSchema = z.object({
  role: z.enum(['user', 'assistant'], { error: 'role must be "user" or "assistant" (the system prompt is the top-level system field)' }),
  content: z.union([z.string(), z.array(contentBlockSchema)], { error: 'content must be a string or an array of content blocks' }),
});

const toolSchema = z.object({
  // Custom (client) tools only; Anthropic's server tools (web_search_…, bash_…) run on Anthropic.
  type: z.literal('custom', { error: 'only custom tools (name, description, input_schema) are supported' }).optional(),
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: cacheControlSchema.nullish(),
});

const parallelFlag = { disable_parallel_tool_use: z.boolean().optional() };

const toolChoiceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('auto'), ...parallelFlag }),
    z.object({ type: z.literal('any'), ...parallelFlag }),
    z.object({ type: z.literal('tool'), name: z.string().min(1), ...parallelFlag }),
    z.object({ type: z.literal('none') }),
  ],
  { error: 'tool_choice type must be one of auto, any, tool, none' },
);

const thinkingSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(1) }),
    z.object({ type: z.literal('disabled') }),
    // The model decides how much to think (OpenRouter's MessagesRequest accepts it).
    z.object({ type: z.literal('adaptive') }),
  ],
  { error: 'thinking type must be "enabled" (with budget_tokens), "adaptive" or "disabled"' },
);

const modelSlug = z.string().min(1, 'model must not be empty').max(256);

export const messagesRequestSchema = z
  .object({
    model: modelSlug.optional(),
    messages: z.array(messageSchema).min(1, 'messages must contain at least one message'),
    // Anthropic requires it; OpenRouter's /messages does not (the endpoint's default applies).
    max_tokens: z.number({ error: 'max_tokens must be a positive integer' }).int().min(1).optional(),
    system: z.union([z.string(), z.array(textBlockSchema)], { error: 'system must be a string or an array of text blocks' }).optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(1).optional(),
    top_p: z.number().min(0).max(1).optional(),
    top_k: z.number().int().min(0).optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: toolChoiceSchema.optional(),
    thinking: thinkingSchema.optional(),
    metadata: z.object({ user_id: z.string().max(256).nullish() }).loose().optional(),
    user: z.string().max(256).optional(),
    output_config: z
      .object({
        effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullish(),
        format: z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullish(),
      })
      .loose()
      .optional(),
    cache_control: cacheControlSchema.nullish(),
    // OpenRouter's routing extensions, as on chat completions.
    models: z.array(modelSlug).max(10).nullish(),
    fallbacks: z.array(z.object({ model: modelSlug })).max(3).nullish(),
    provider: providerPreferencesSchema.nullish(),
    session_id: z.string().max(256).nullish(),
  })
  .loose();

export type MessagesRequestBody = z.infer<typeof messagesRequestSchema>;
export type MessageBody = MessagesRequestBody['messages'][number];
export type ContentBlockBody = z.infer<typeof contentBlockSchema>;
export type TextBlockBody = z.infer<typeof textBlockSchema>;
export type ImageBlockBody = z.infer<typeof imageBlockSchema>;
