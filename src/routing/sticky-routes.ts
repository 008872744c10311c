import { createHash, type Hash } from 'node:crypto';
import type { Endpoint, Model } from '../catalog/catalog-types.js';
import type { ChatRequest, Message } from '../spec/chat-request.js';

/**
 * Sticky routing for prompt caching (OpenRouter's prompt-caching guide): a conversation keeps
 * going to the endpoint that served it, so the provider's cache is hit, for as long as it stays
 * active (10 minutes without a request ends it). Only endpoints whose cache reads are cheaper
 * than their prompt tokens are worth sticking to. In memory, bounded; oldest entries go first.
 */

export interface StickyRoutesOptions {
  ttlMs?: number;
  maxEntries?: number;
}

interface StickyEntry {
  endpointId: string;
  expiresAt: number;
}

/** Where sticky entries live: this process's memory, or Redis shared by several processes (src/shared-state/). */
export interface StickyRouteStore {
  /** The endpoint this conversation is stuck to, from the local view (no I/O on the plan path). */
  lookup(key: string, now: number): string | undefined;
  /** A request of the conversation succeeded on `endpointId`: (re)start its 10 minutes. */
  remember(key: string, endpointId: string, now: number): void;
  /** Shared stores: brings these keys' entries into the local view before planning. */
  prefetch?(keys: readonly string[], now: number): Promise<void>;
}

export class StickyRoutes implements StickyRouteStore {
  private readonly entries = new Map<string, StickyEntry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(options: StickyRoutesOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  /** The endpoint this conversation is stuck to, if the entry is still alive. */
  lookup(key: string, now: number): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.endpointId;
  }

  /** A request of the conversation succeeded on `endpointId`: (re)start its 10 minutes. */
  remember(key: string, endpointId: string, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { endpointId, expiresAt: now + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

/** Whether caching makes an endpoint worth sticking to: cache reads cheaper than prompt tokens. */
export function benefitsFromStickiness(endpoint: Endpoint): boolean {
  const cacheRead = endpoint.pricing.inputCacheRead;
  return cacheRead !== undefined && cacheRead < endpoint.pricing.prompt;
}

/** Whether any endpoint of the model could use stickiness (checked before hashing anything). */
export function modelBenefitsFromStickiness(model: Model): boolean {
  for (const endpoint of model.endpoints) if (benefitsFromStickiness(endpoint)) return true;
  return false;
}

/**
 * The conversation key: the client's session id, else a hash of the first system message and
 * the first user message (what stays the same across a conversation's turns). Scoped to the
 * API key and model by the caller.
 */
export function conversationKey(sessionId: string | null, request: ChatRequest): string | undefined {
  if (sessionId) return `session:${sessionId}`;
  let system: Message | undefined;
  let user: Message | undefined;
  for (const message of request.messages) {
    if (system === undefined && message.role === 'system') system = message;
    else if (user === undefined && message.role === 'user') user = message;
    if (system !== undefined && user !== undefined) break;
  }
  if (user === undefined) return undefined;
  // Parts go into the hash one by one: no concatenated copy of a long system prompt.
  const hash = createHash('sha256');
  if (system) hashContent(hash, system.content);
  hash.update('\u0000');
  hashContent(hash, user.content);
  return `hash:${hash.digest('base64url')}`;
}

function hashContent(hash: Hash, content: Message['content']): void {
  for (const part of content) {
    if (part.type === 'text') hash.update(part.text);
    else if (part.type === 'image') hash.update(part.url);
  }
}
