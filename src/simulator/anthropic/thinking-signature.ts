import { createHmac } from 'node:crypto';

// Anthropic signs thinking blocks so a client cannot alter them; the simulator does the same
// with a fixed key, so a gateway that changes one byte of an echoed block gets the real 400.
const SIGNING_KEY = 'switchboard-simulator-thinking';

/** The signature the simulator puts on a thinking block (opaque base64, like Anthropic's). */
export function signThinking(thinking: string): string {
  return createHmac('sha256', SIGNING_KEY).update(thinking).digest('base64');
}

export function isValidThinkingSignature(thinking: string, signature: string): boolean {
  return signature === signThinking(thinking);
}
