import { createRequire } from 'node:module';
import type * as Cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import { createTokenCounter, type TokenCounter } from './count-tokens.js';
import type { ChatRequest } from '../spec/chat-request.js';

/**
 * Prompt tokens for routing's context checks (passed to the router by the HTTP layer), with the closest tokenizer we ship for the
 * model's family (the catalog's `tokenizer` field, OpenRouter's vocabulary). Each encoding has
 * its own counter whose LRU is keyed by message text, so a long conversation's earlier turns
 * are looked up, not tokenized again, on every request.
 */

export type Encoding = 'o200k_base' | 'cl100k_base';

/**
 * Families whose tokenizers descend from cl100k_base's vocabulary: Llama 3/4 (cl100k plus 28k
 * tokens), Qwen (built on cl100k), Mistral's Tekken and DeepSeek (byte-level BPEs of similar
 * granularity). GPT models since 4o use o200k_base, which is also the default for families
 * without a public BPE we ship (Claude, Gemini).
 */
const CL100K_FAMILIES: ReadonlySet<string> = new Set(['llama3', 'llama4', 'qwen', 'qwen3', 'mistral', 'deepseek', 'yi']);

export function encodingForTokenizer(tokenizer: string): Encoding {
  return CL100K_FAMILIES.has(tokenizer.toLowerCase()) ? 'cl100k_base' : 'o200k_base';
}

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

type Cl100kModule = typeof Cl100k;

let o200kCounter: TokenCounter | undefined;
let cl100kCounter: TokenCounter | undefined;

/**
 * cl100k_base's tables cost ~140 ms and ~40 MB to load: loaded (synchronously) the first time
 * a model of such a family needs counting, never for a catalog without one.
 */
function counterFor(encoding: Encoding): TokenCounter {
  if (encoding === 'o200k_base') return (o200kCounter ??= createTokenCounter());
  if (!cl100kCounter) {
    const cl100k = createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as Cl100kModule;
    cl100kCounter = createTokenCounter({ countTokens: (text) => cl100k.countTokens(text, PLAIN_TEXT) });
  }
  return cl100kCounter;
}

/** The request's prompt tokens with the encoding for `tokenizer` (a model's family). */
export function countPromptTokensFor(request: ChatRequest, tokenizer: string): number {
  return counterFor(encodingForTokenizer(tokenizer)).countPromptTokens(request);
}
