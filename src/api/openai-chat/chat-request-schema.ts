import { z } from 'zod';

/**
 * Zod schemas of the OpenAI/OpenRouter chat request (S:ChatRequest). Only what we act on is
 * modelled; unknown top-level fields pass through to OpenAI-compatible upstreams. `null` is
 * accepted wherever the spec allows it and means "not set".
 */

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish();

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.string().optional() });

const textPartSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.optional(),
});

const imagePartSchema = z.object({
  type: z.literal('image_url'),
  image_url: z.object({
    url: z.string().min(1, 'image_url.url must not be empty'),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
  cache_control: cacheControlSchema.optional(),
});

const userPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'content part type must be "text" or "image_url"' : undefined,
});

const textContentSchema = z.union([z.string(), z.array(textPartSchema)], {
  error: 'content must be a string or an array of text parts',
});

const reasoningDetailSchema = z
  .object({
    type: z.enum(['reasoning.text', 'reasoning.summary', 'reasoning.encrypted']),
    text: z.string().nullish(),
    summary: z.string().nullish(),
    data: z.string().nullish(),
    signature: z.string().nullish(),
    id: z.string().nullish(),
    format: z.string().nullish(),
    index: z.number().int().nullish(),
  })
  .loose();

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const systemMessageSchema = z.object({
  role: z.enum(['system', 'developer']),
  content: textContentSchema,
  name: z.string().optional(),
});

const userMessageSchema = z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(userPartSchema)], {
    error: 'content must be a string or an array of content parts',
  }),
  name: z.string().optional(),
});

const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  content: textContentSchema.nullish(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).nullish(),
  reasoning: z.string().nullish(),
  reasoning_details: z.array(reasoningDetailSchema).nullish(),
  refusal: z.string().nullish(),
});

const toolMessageSchema = z.object({
  role: z.literal('tool'),
  content: textContentSchema,
  tool_call_id: z.string().min(1),
});

export const messageSchema = z.discriminatedUnion(
  'role',
  [systemMessageSchema, userMessageSchema, assistantMessageSchema, toolMessageSchema],
  { error: 'role must be one of system, developer, user, assistant, tool' },
);

const functionToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1).max(64),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().min(1).max(64),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
      description: z.string().optional(),
    }),
  }),
]);

const effortSchema = z.enum(['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none']);

const reasoningSchema = z.object({
  effort: effortSchema.nullish(),
  max_tokens: z.number().int().positive().nullish(),
  exclude: z.boolean().nullish(),
  enabled: z.boolean().nullish(),
  summary: z.string().nullish(),
});

const providerSlugList = z.array(z.string().min(1));

/** A number (the p50 cutoff) or per-percentile cutoffs (S:PreferredMinThroughput / PreferredMaxLatency). */
const percentileCutoffs = z
  .union([
    z.number().nonnegative(),
    z.object({ p50: z.number().nonnegative().nullish(), p75: z.number().nonnegative().nullish(), p90: z.number().nonnegative().nullish(), p99: z.number().nonnegative().nullish() }),
  ])
  .nullish();

/** The spec types max_price amounts as strings; numbers are accepted too. */
const usdLimit = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, 'expected a non-negative USD amount').transform(Number)]).nullish();

const sortBy = z.enum(['price', 'throughput', 'latency']);

export const providerPreferencesSchema = z.object({
  order: providerSlugList.nullish(),
  allow_fallbacks: z.boolean().nullish(),
  require_parameters: z.boolean().nullish(),
  data_collection: z.enum(['allow', 'deny']).nullish(),
  zdr: z.boolean().nullish(),
  only: providerSlugList.nullish(),
  ignore: providerSlugList.nullish(),
  quantizations: z.array(z.string()).nullish(),
  sort: z
    .union([sortBy, z.object({ by: sortBy.nullish(), partition: z.enum(['model', 'none']).nullish() })])
    .nullish(),
  max_price: z
    .object({ prompt: usdLimit, completion: usdLimit, request: usdLimit, image: usdLimit })
    .loose()
    .nullish(),
  preferred_min_throughput: percentileCutoffs,
  preferred_max_latency: percentileCutoffs,
  hedge: z.boolean().nullish(),
  resume: z.boolean().nullish(),
});

const modelSlug = z.string().min(1, 'model must not be empty').max(256);

/** Fields shared by chat and legacy completions. */
export const commonRequestShape = {
  model: modelSlug.optional(),
  models: z.array(modelSlug).max(10).nullish(),
  route: z.enum(['fallback', 'sort']).nullish(),
  provider: providerPreferencesSchema.nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
  usage: z.object({ include: z.boolean().optional() }).loose().nullish(),
  max_tokens: nullish(z.number().int().positive()),
  max_completion_tokens: nullish(z.number().int().positive()),
  temperature: nullish(z.number().min(0).max(2)),
  top_p: nullish(z.number().min(0).max(1)),
  top_k: nullish(z.number().int().min(0)),
  min_p: nullish(z.number().min(0).max(1)),
  top_a: nullish(z.number().min(0).max(1)),
  frequency_penalty: nullish(z.number().min(-2).max(2)),
  presence_penalty: nullish(z.number().min(-2).max(2)),
  repetition_penalty: nullish(z.number().min(0).max(2)),
  seed: nullish(z.number().int()),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  logit_bias: z.record(z.string(), z.number()).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: nullish(z.number().int().min(0).max(20)),
  user: z.string().nullish(),
  session_id: z.string().max(256).nullish(),
  reasoning: reasoningSchema.nullish(),
  reasoning_effort: effortSchema.nullish(),
  cache_control: cacheControlSchema.nullish(),
};

export const chatRequestSchema = z
  .object({
    ...commonRequestShape,
    messages: z.array(messageSchema).min(1, 'messages must contain at least one message'),
    tools: z.array(functionToolSchema).nullish(),
    tool_choice: toolChoiceSchema.nullish(),
    parallel_tool_calls: z.boolean().nullish(),
    response_format: responseFormatSchema.nullish(),
  })
  .loose();

export type ChatRequestBody = z.infer<typeof chatRequestSchema>;
export type MessageBody = z.infer<typeof messageSchema>;
export type ProviderPreferencesBody = z.infer<typeof providerPreferencesSchema>;
