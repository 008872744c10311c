import type { IncomingMessage } from 'node:http';
import type { AccessWire } from '../check-request-access.js';
import type { SimulatorContext } from '../simulator-context.js';
import { sendGeminiError } from './send-gemini-error.js';

/**
 * The Gemini API's access rules: the key in `x-goog-api-key` (or the `key` query parameter,
 * which Google also accepts), whatever auth header the provider's OpenAI options name, and
 * Google's error bodies.
 */
export const GEMINI_ACCESS: AccessWire = {
  hasValidKey,
  sendError: sendGeminiError,
};

function hasValidKey(context: SimulatorContext, request: IncomingMessage): boolean {
  const expected = context.options.apiKey;
  if (expected === undefined) return true;
  const header = request.headers['x-goog-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value !== undefined) return value === expected;
  return new URL(request.url ?? '/', 'http://simulator').searchParams.get('key') === expected;
}
