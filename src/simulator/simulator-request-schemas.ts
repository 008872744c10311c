import { z } from 'zod';

/**
 * The parts of OpenAI request bodies the simulator acts on. Loose objects: like a real
 * upstream it ignores fields it does not use, but rejects wrong types with a 400.
 */

const stop = z.union([z.string(), z.array(z.string()).max(4)]).nullish();
const streamOptions = z.looseObject({ include_usage: z.boolean().nullish() }).nullish();
const tokenLimit = z.number().int().positive().nullish();

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.unknown().optional(),
  name: z.string().optional(),
  tool_calls: z.array(z.unknown()).nullish(),
  tool_call_id: z.string().optional(),
});

const tool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
]);

const responseFormat = z.looseObject({
  type: z.enum(['text', 'json_object', 'json_schema']),
  json_schema: z.looseObject({ name: z.string().optional(), schema: z.unknown().optional() }).optional(),
});

/** `POST /v1/chat/completions` body. */
export const chatCompletionBodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  max_tokens: tokenLimit,
  max_completion_tokens: tokenLimit,
  stop,
  seed: z.number().int().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  response_format: responseFormat.nullish(),
});

/** `POST /v1/completions` body (legacy `prompt`). */
export const legacyCompletionBodySchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.string()).min(1)]),
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  max_tokens: tokenLimit,
  stop,
  seed: z.number().int().nullish(),
});

/** A validated chat body. */
export type ChatCompletionBody = z.output<typeof chatCompletionBodySchema>;
/** One message of a validated chat body. */
export type ChatMessageBody = ChatCompletionBody['messages'][number];
/** A validated legacy completion body. */
export type LegacyCompletionBody = z.output<typeof legacyCompletionBodySchema>;
