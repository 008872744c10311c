import type { AssistantMessage, Message, TextPart, UserContentPart } from '../../spec/chat-request.js';

/**
 * IR messages as OpenAI chat messages. Content rule, used for every role: a message with
 * exactly one text part is sent as a plain string (what every OpenAI-compatible server
 * accepts, including ones that reject arrays for system prompts); anything else (several
 * parts, or any image) is sent as an array of typed parts, so part boundaries are never
 * merged. `cacheControl` is not sent: plain OpenAI-compatible servers reject or ignore it.
 */

export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export type OpenAIMessageContent = string | OpenAIContentPart[];

export interface OpenAIWireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type OpenAIWireMessage =
  | { role: 'system'; content: OpenAIMessageContent; name?: string }
  | { role: 'user'; content: OpenAIMessageContent; name?: string }
  | {
      role: 'assistant';
      content: OpenAIMessageContent | null;
      name?: string;
      tool_calls?: OpenAIWireToolCall[];
      refusal?: string;
      reasoning?: string;
      reasoning_details?: unknown[];
    }
  | { role: 'tool'; tool_call_id: string; content: OpenAIMessageContent };

/** Converts the IR conversation to the `messages` array of a chat completions body. */
export function convertToOpenAIMessages(messages: readonly Message[]): OpenAIWireMessage[] {
  return messages.map(convertMessage);
}

function convertMessage(message: Message): OpenAIWireMessage {
  switch (message.role) {
    case 'system': {
      const wire: OpenAIWireMessage = { role: 'system', content: convertContent(message.content) };
      if (message.name !== undefined) wire.name = message.name;
      return wire;
    }
    case 'user': {
      const wire: OpenAIWireMessage = { role: 'user', content: convertContent(message.content) };
      if (message.name !== undefined) wire.name = message.name;
      return wire;
    }
    case 'assistant':
      return convertAssistantMessage(message);
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: convertContent(message.content) };
  }
}

function convertAssistantMessage(message: AssistantMessage): OpenAIWireMessage {
  const hasToolCalls = message.toolCalls.length > 0;
  // OpenAI documents `content` as optional when `tool_calls` is set; null is its own form.
  const content = message.content.length === 0 && hasToolCalls ? null : convertContent(message.content);
  const wire: Extract<OpenAIWireMessage, { role: 'assistant' }> = { role: 'assistant', content };
  if (message.name !== undefined) wire.name = message.name;
  if (hasToolCalls) {
    wire.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  if (message.refusal !== undefined) wire.refusal = message.refusal;
  if (message.reasoning !== undefined) wire.reasoning = message.reasoning;
  if (message.reasoningDetails !== undefined) wire.reasoning_details = message.reasoningDetails;
  return wire;
}

function convertContent(parts: readonly (TextPart | UserContentPart)[]): OpenAIMessageContent {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && only.type === 'text') return only.text;
  if (parts.length === 0) return '';
  return parts.map(convertPart);
}

function convertPart(part: TextPart | UserContentPart): OpenAIContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const image: { url: string; detail?: 'auto' | 'low' | 'high' } = { url: part.url };
  if (part.detail !== undefined) image.detail = part.detail;
  return { type: 'image_url', image_url: image };
}
