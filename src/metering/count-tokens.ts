import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatRequest, ImagePart, Message, UserContentPart } from '../spec/chat-request.js';

/*
 * Prompt token estimates for upstreams that report no usage and for routing's context-length
 * checks. o200k_base (GPT-4o and later) stands in for every model's tokenizer: an estimate,
 * flagged `estimated` on the usage it produces. The per-message constants follow OpenAI's
 * cookbook "How to count tokens with tiktoken" (3 per message, 1 per name, 3 reply priming).
 */

const TOKENS_PER_MESSAGE = 3;
/** Every role name (system, user, assistant, tool) is one token. */
const TOKENS_PER_ROLE = 1;
const TOKENS_PER_NAME = 1;
const TOKENS_REPLY_PRIMING = 3;
/** Wrapping of one tool call in an assistant turn (id, type, function keys). */
const TOKENS_PER_TOOL_CALL = 3;
/** OpenAI vision pricing: a low-detail image is 85 tokens; a 1024×1024 high-detail one 765. */
const IMAGE_TOKENS_LOW_DETAIL = 85;
const IMAGE_TOKENS_DEFAULT = 765;

/** User text may contain `<|endoftext|>` and the like: count it as plain text, never throw. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export interface TokenCounterOptions {
  /** Most distinct strings remembered. */
  maxCachedEntries?: number;
  /** Most characters remembered across all entries (bounds memory held by the cache). */
  maxCachedCharacters?: number;
  /** Shorter strings are counted directly: cheaper than a cache entry. */
  minCachedLength?: number;
  /** The tokenizer; o200k_base when absent (routing passes other families' encodings). */
  countTokens?: (text: string) => number;
}

export interface TokenCounterStatistics {
  hits: number;
  misses: number;
  entries: number;
  characters: number;
}

/** A token counter with its own bounded cache, so tests and callers can isolate counts. */
export interface TokenCounter {
  countTextTokens(text: string): number;
  countPromptTokens(request: ChatRequest): number;
  statistics(): TokenCounterStatistics;
}

/**
 * Creates a counter whose LRU cache is keyed by string content: a conversation resends its
 * earlier turns on every request, so only the newest turns are tokenized again.
 */
export function createTokenCounter(options: TokenCounterOptions = {}): TokenCounter {
  const maxEntries = options.maxCachedEntries ?? 8192;
  const maxCharacters = options.maxCachedCharacters ?? 16_000_000;
  const minCachedLength = options.minCachedLength ?? 32;
  const count = options.countTokens ?? ((text: string): number => countTokens(text, PLAIN_TEXT));
  // A Map iterates in insertion order; re-inserting on a hit makes its first key the least recent.
  const cache = new Map<string, number>();
  let cachedCharacters = 0;
  let hits = 0;
  let misses = 0;

  function remember(text: string, count: number): void {
    // One huge string must not flush everything else out.
    if (text.length > maxCharacters / 8) return;
    cache.set(text, count);
    cachedCharacters += text.length;
    for (const oldest of cache.keys()) {
      if (cache.size <= maxEntries && cachedCharacters <= maxCharacters) break;
      cache.delete(oldest);
      cachedCharacters -= oldest.length;
    }
  }

  function countTextTokens(text: string): number {
    if (text.length < minCachedLength) return text.length === 0 ? 0 : count(text);
    const cached = cache.get(text);
    if (cached !== undefined) {
      hits += 1;
      cache.delete(text);
      cache.set(text, cached);
      return cached;
    }
    misses += 1;
    const tokens = count(text);
    remember(text, tokens);
    return tokens;
  }

  function countMessageTokens(message: Message): number {
    let total = TOKENS_PER_MESSAGE + TOKENS_PER_ROLE;
    if (message.role !== 'tool' && message.name !== undefined) {
      total += countTextTokens(message.name) + TOKENS_PER_NAME;
    }
    for (const part of message.content) total += countPartTokens(part);
    if (message.role === 'assistant') {
      // Earlier turns' reasoning is not counted: chat templates drop it from the prompt.
      if (message.refusal !== undefined) total += countTextTokens(message.refusal);
      for (const call of message.toolCalls) {
        total += TOKENS_PER_TOOL_CALL + countTextTokens(call.name) + countTextTokens(call.arguments);
      }
    }
    return total;
  }

  function countPartTokens(part: UserContentPart): number {
    return part.type === 'text' ? countTextTokens(part.text) : estimateImageTokens(part);
  }

  function countPromptTokens(request: ChatRequest): number {
    if (request.kind === 'text' && request.prompt !== undefined) return countTextTokens(request.prompt);
    let total = TOKENS_REPLY_PRIMING;
    for (const message of request.messages) total += countMessageTokens(message);
    if (request.tools !== undefined && request.tools.length > 0) {
      total += countTextTokens(JSON.stringify(request.tools));
    }
    if (request.responseFormat?.type === 'json_schema' && request.responseFormat.schema !== undefined) {
      total += countTextTokens(JSON.stringify(request.responseFormat.schema));
    }
    return total;
  }

  return {
    countTextTokens,
    countPromptTokens,
    statistics: () => ({ hits, misses, entries: cache.size, characters: cachedCharacters }),
  };
}

/** A fixed per-image estimate: the image bytes are not decoded just to count tokens. */
function estimateImageTokens(part: ImagePart): number {
  return part.detail === 'low' ? IMAGE_TOKENS_LOW_DETAIL : IMAGE_TOKENS_DEFAULT;
}

const sharedCounter = createTokenCounter();

/** Counts a plain string's tokens (o200k_base), e.g. a completion whose upstream gave no usage. */
export function countTextTokens(text: string): number {
  return sharedCounter.countTextTokens(text);
}

/** Estimates a request's prompt tokens for context checks and for usage the upstream did not report. */
export function countPromptTokens(request: ChatRequest): number {
  return sharedCounter.countPromptTokens(request);
}

/** Hit and size figures of the shared counter's cache, for diagnostics. */
export function tokenCountCacheStatistics(): TokenCounterStatistics {
  return sharedCounter.statistics();
}
