/** SSE framing for our own output: one JSON event per `data:` line, comments for keep-alive. */

/** One `data:` event carrying a JSON value. */
export function sseEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** The terminator OpenAI clients wait for. */
export const SSE_DONE = 'data: [DONE]\n\n';

/**
 * Keep-alive comment while the upstream thinks; clients skip lines starting with `:`. The text
 * is OpenRouter's, so clients written against it see exactly what they expect.
 */
export const SSE_KEEPALIVE = ': OPENROUTER PROCESSING\n\n';
