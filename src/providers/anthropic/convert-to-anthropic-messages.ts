import type { AssistantMessage, CacheControl, ImagePart, Message, ReasoningDetail, TextPart, ToolMessage, UserContentPart } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';

/** A content block we send (https://docs.anthropic.com/en/api/messages, `messages[].content`). */
export type AnthropicRequestBlock = Record<string, unknown> & { type: string };

export interface AnthropicRequestMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

export interface AnthropicConversation {
  /** Top-level `system`: a string, or text blocks when any part carries a cache breakpoint. */
  system?: string | AnthropicRequestBlock[];
  messages: AnthropicRequestMessage[];
}

/** The `format` of reasoning details Anthropic signed (OpenRouter's name for them). */
export const ANTHROPIC_REASONING_FORMAT = 'anthropic-claude-v1';

/** Image types the Messages API accepts (https://docs.anthropic.com/en/docs/build-with-claude/vision). */
const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const DATA_URL = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/s;

/**
 * IR messages → Anthropic's `system` and strictly alternating `messages`:
 * - system messages (wherever they appear) become the top-level `system`;
 * - tool results become `tool_result` blocks in a user turn, so consecutive tool messages
 *   and the user text after them share one user turn (tool results first, as required);
 * - consecutive turns of one role are merged, since the API wants alternation;
 * - an assistant turn starts with its signed thinking blocks, echoed back unchanged (the API
 *   verifies the signature, and requires them before a tool_use when thinking is on);
 * - empty text is dropped (the API rejects empty text blocks) and empty turns disappear.
 */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicConversation {
  const systemParts: TextPart[] = [];
  const turns: AnthropicRequestMessage[] = [];
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        systemParts.push(...message.content.filter((part) => part.text !== ''));
        return;
      case 'user':
        appendTurn(turns, 'user', message.content.map((part, partIndex) => userBlock(part, index, partIndex)).filter(isPresent));
        return;
      case 'tool':
        appendTurn(turns, 'user', [toolResultBlock(message)]);
        return;
      case 'assistant':
        appendTurn(turns, 'assistant', assistantBlocks(message, index));
        return;
    }
  });
  // Anthropic needs at least one turn; a prompt of only system text (or only empty parts) is a clear 400 here.
  if (turns.length === 0) throw new GatewayError('bad_request', 'messages: at least one user or assistant message with content is required');
  const conversation: AnthropicConversation = { messages: turns };
  if (systemParts.length > 0) conversation.system = convertSystem(systemParts);
  return conversation;
}

function appendTurn(turns: AnthropicRequestMessage[], role: 'user' | 'assistant', content: AnthropicRequestBlock[]): void {
  if (content.length === 0) return;
  const last = turns.at(-1);
  if (last !== undefined && last.role === role) last.content.push(...content);
  else turns.push({ role, content });
}

function convertSystem(parts: readonly TextPart[]): string | AnthropicRequestBlock[] {
  // A plain string unless a part carries a cache breakpoint, which only blocks can hold.
  if (parts.every((part) => part.cacheControl === undefined)) return parts.map((part) => part.text).join('\n\n');
  return parts.map(textBlock);
}

function textBlock(part: TextPart): AnthropicRequestBlock {
  return withCacheControl({ type: 'text', text: part.text }, part.cacheControl);
}

function userBlock(part: UserContentPart, messageIndex: number, partIndex: number): AnthropicRequestBlock | undefined {
  if (part.type === 'text') return part.text === '' ? undefined : textBlock(part);
  return withCacheControl({ type: 'image', source: imageSource(part, messageIndex, partIndex) }, part.cacheControl);
}

/** `data:` URLs are sent as base64 sources, anything else as a URL source the API fetches itself. */
function imageSource(part: ImagePart, messageIndex: number, partIndex: number): Record<string, unknown> {
  if (!part.url.startsWith('data:')) return { type: 'url', url: part.url };
  const match = DATA_URL.exec(part.url);
  const where = `messages[${messageIndex}].content[${partIndex}]`;
  if (match === null) throw new GatewayError('bad_request', `${where}: the image is a data: URL without base64 data`);
  const mediaType = (match[1] ?? '').toLowerCase();
  if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
    throw new GatewayError('bad_request', `${where}: image type ${mediaType} is not supported by this endpoint (use JPEG, PNG, GIF or WebP)`);
  }
  return { type: 'base64', media_type: mediaType, data: match[3] ?? '' };
}

function toolResultBlock(message: ToolMessage): AnthropicRequestBlock {
  const parts = message.content.filter((part) => part.text !== '');
  const block: AnthropicRequestBlock = { type: 'tool_result', tool_use_id: message.toolCallId };
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && only.cacheControl === undefined) block.content = only.text;
  else if (parts.length > 0) block.content = parts.map(textBlock);
  if (message.isError !== undefined) block.is_error = message.isError;
  return block;
}

function assistantBlocks(message: AssistantMessage, messageIndex: number): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  for (const detail of message.reasoningDetails ?? []) {
    const block = thinkingBlock(detail);
    if (block !== undefined) blocks.push(block);
  }
  for (const part of message.content) if (part.text !== '') blocks.push(textBlock(part));
  message.toolCalls.forEach((call, callIndex) => {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments, messageIndex, callIndex) });
  });
  return blocks;
}

/**
 * A reasoning detail Anthropic can verify, as the block it came from; others (another
 * provider's format, unsigned text, summaries) are dropped: Anthropic would reject them.
 */
function thinkingBlock(detail: ReasoningDetail): AnthropicRequestBlock | undefined {
  if (detail.format !== undefined && detail.format !== ANTHROPIC_REASONING_FORMAT && detail.format !== 'unknown') return undefined;
  if (detail.type === 'reasoning.text' && typeof detail.signature === 'string' && detail.signature !== '') {
    return { type: 'thinking', thinking: detail.text ?? '', signature: detail.signature };
  }
  if (detail.type === 'reasoning.encrypted' && detail.data !== undefined && detail.data !== '') {
    return { type: 'redacted_thinking', data: detail.data };
  }
  return undefined;
}

/** Tool arguments are JSON text in the IR and an object on Anthropic's wire. */
function toolInput(argumentsText: string, messageIndex: number, callIndex: number): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(argumentsText);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayError('bad_request', `messages[${messageIndex}].tool_calls[${callIndex}].function.arguments must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function withCacheControl(block: AnthropicRequestBlock, cacheControl: CacheControl | undefined): AnthropicRequestBlock {
  if (cacheControl !== undefined) block.cache_control = { ...cacheControl };
  return block;
}

function isPresent<T>(value: T | undefined): value is T {
  return value !== undefined;
}
