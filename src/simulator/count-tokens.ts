import { countTokens, decode, encode } from 'gpt-tokenizer';
import type { ChatMessageBody } from './simulator-request-schemas.js';

// OpenAI's documented chat overhead: a few tokens per message and for the reply's priming.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;
// A low-detail image costs 85 tokens upstream; the simulator does not look at pixels.
const TOKENS_PER_IMAGE = 85;

/** Prompt tokens as an OpenAI upstream would count them (o200k encoding, chat overhead). */
export function countPromptTokens(messages: readonly ChatMessageBody[], tools: unknown): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) {
    total += TOKENS_PER_MESSAGE + countTokens(message.role);
    total += countContentTokens(message.content);
    if (message.name) total += 1 + countTokens(message.name);
    if (message.tool_calls && message.tool_calls.length > 0) total += countTokens(JSON.stringify(message.tool_calls));
  }
  if (Array.isArray(tools) && tools.length > 0) total += countTokens(JSON.stringify(tools));
  return total;
}

/** Tokens in a plain text (legacy prompts, produced completions). */
export function countTextTokens(text: string): number {
  return text === '' ? 0 : countTokens(text);
}

/** The text cut to its first `limit` tokens, or null when it already fits. */
export function truncateToTokens(text: string, limit: number): string | null {
  const tokens = encode(text);
  return tokens.length <= limit ? null : decode(tokens.slice(0, limit));
}

function countContentTokens(content: unknown): number {
  if (typeof content === 'string') return countTextTokens(content);
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const part of content) {
    if (typeof part !== 'object' || part === null) continue;
    if ('text' in part && typeof part.text === 'string') total += countTextTokens(part.text);
    else if ('type' in part && part.type === 'image_url') total += TOKENS_PER_IMAGE;
  }
  return total;
}

/** The text of a message's content (string, or the text parts of a content array). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}
