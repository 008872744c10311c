import type { z } from 'zod';
import { GatewayError } from '../../spec/errors.js';
import { formatValidationIssues } from './format-validation-issues.js';
import { presentFieldsParser, type PresentFieldsParser } from './present-fields-parser.js';

/** OpenRouter-only request fields: understood by the gateway, never forwarded upstream. */
export const GATEWAY_ONLY_FIELDS: readonly string[] = [
  'model', 'models', 'route', 'provider', 'session_id', 'stream', 'stream_options', 'usage',
  'plugins', 'transforms', 'debug', 'trace', 'metadata', 'prompt_cache_options',
  'stop_server_tools_when', 'image_config', 'preset',
];

const fastParsers = new WeakMap<z.ZodType, PresentFieldsParser | null>();

/** Validates a decoded JSON body; a failure is a 400 naming the fields. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new GatewayError('bad_request', 'Request body must be a JSON object');
  }
  let fast = fastParsers.get(schema);
  if (fast === undefined) {
    fast = presentFieldsParser(schema) ?? null;
    fastParsers.set(schema, fast);
  }
  const parsed = fast?.(body as Record<string, unknown>);
  if (parsed !== undefined) return parsed as z.infer<T>;
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new GatewayError('bad_request', `Invalid request: ${formatValidationIssues(result.error.issues)}`);
  }
  return result.data;
}
