import { z } from 'zod';
import { GatewayError } from '../../spec/errors.js';
import { commonRequestShape } from '../openai-chat/chat-request-schema.js';
import type { DecodedRequest } from '../openai-chat/decode-chat-request.js';
import { decodeCommonRequest, decodeRoutingDirectives } from '../shared/decode-common-fields.js';
import { GATEWAY_ONLY_FIELDS, parseBody } from '../shared/parse-body.js';

const completionRequestSchema = z
  .object({
    ...commonRequestShape,
    prompt: z.union([z.string(), z.array(z.string()).min(1)], { error: 'prompt must be a string' }),
  })
  .loose();

const KNOWN_FIELDS = new Set<string>([...Object.keys(completionRequestSchema.shape), ...GATEWAY_ONLY_FIELDS]);

/** Validates a legacy `/completions` body (`prompt`) into the IR (kind `text`). */
export function decodeCompletionRequest(body: unknown): DecodedRequest {
  const parsed = parseBody(completionRequestSchema, body);
  if (Array.isArray(parsed.prompt) && parsed.prompt.length > 1) {
    throw new GatewayError('bad_request', 'prompt: batched prompts are not supported; send one prompt per request');
  }
  const prompt = Array.isArray(parsed.prompt) ? (parsed.prompt[0] ?? '') : parsed.prompt;
  const request = decodeCommonRequest(parsed, KNOWN_FIELDS, {
    kind: 'text',
    prompt,
    messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
  });
  return { request, directives: decodeRoutingDirectives(parsed) };
}
