import { createHash, randomBytes } from 'node:crypto';

/** Our key prefix, in OpenRouter's style (`sk-or-v1-…`). */
export const API_KEY_PREFIX = 'sk-sb-v1-';

/** A new plaintext key: prefix plus 64 hex characters (256 random bits). */
export function mintApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('hex');
}

/** Keys are stored and identified by their SHA-256 hex; the plaintext is shown once. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A recognisable, non-secret label: `sk-sb-v1-abc...f00`. */
export function labelApiKey(key: string): string {
  return `${key.slice(0, API_KEY_PREFIX.length + 3)}...${key.slice(-3)}`;
}
