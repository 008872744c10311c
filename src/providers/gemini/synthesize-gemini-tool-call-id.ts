import { randomBytes } from 'node:crypto';

/**
 * An id for a functionCall Gemini sent without one (Gemini 2.5 never sends `functionCall.id`).
 * Clients echo it in their tool message; the next request maps it back to the function's name
 * through the conversation itself, so the id need only be unique, not derivable.
 */
export function synthesizeGeminiToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}
