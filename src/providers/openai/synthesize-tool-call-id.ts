import { randomBytes } from 'node:crypto';

/**
 * An id for a tool call the upstream sent without one (some llama.cpp and Ollama builds do).
 * Clients must echo the id back in the `tool` message, so every call needs one.
 */
export function synthesizeToolCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}
