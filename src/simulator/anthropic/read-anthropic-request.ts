import type { z } from 'zod';
import type { ChatCompletionBody, ChatMessageBody } from '../simulator-request-schemas.js';
import { anthropicMessagesBodySchema } from './anthropic-request-schema.js';
import type { AnthropicMessagesBody, AnthropicRequestBlock, AnthropicRequestMessage } from './anthropic-request-schema.js';
import { isValidThinkingSignature } from './thinking-signature.js';

/** A usable Messages request, or the 400 message. */
export type AnthropicRequestResult = { ok: true; body: AnthropicMessagesBody; chat: ChatCompletionBody } | { ok: false; message: string };

/**
 * Validates a Messages body the way the API does, including the checks that catch a gateway
 * translating badly: thinking rules (budget below max_tokens, no temperature or top_k, no
 * forced tool), every tool_result answering a tool_use of the turn before, and, with
 * thinking on, the assistant turn of a pending tool call starting with its thinking block,
 * whose signature must be one this simulator issued. Then the body as an OpenAI chat body,
 * so the shared planner decides the answer.
 */
export function readAnthropicRequest(payload: unknown): AnthropicRequestResult {
  const parsed = anthropicMessagesBodySchema.safeParse(payload);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  const body = parsed.data;
  const problem = thinkingProblem(body) ?? conversationProblem(body);
  if (problem !== undefined) return { ok: false, message: problem };
  return { ok: true, body, chat: toChatCompletionBody(body) };
}

function thinkingProblem(body: AnthropicMessagesBody): string | undefined {
  if (body.thinking?.type !== 'enabled') return undefined;
  if (body.max_tokens <= body.thinking.budget_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`.';
  if (body.temperature !== undefined && body.temperature !== 1) return '`temperature` may only be set to 1 when thinking is enabled.';
  if (body.top_k !== undefined) return '`top_k` must be unset when thinking is enabled.';
  if (body.top_p !== undefined && body.top_p < 0.95) return '`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled.';
  if (body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool') return 'Thinking may not be enabled when tool_choice forces tool use.';
  return undefined;
}

function conversationProblem(body: AnthropicMessagesBody): string | undefined {
  const thinking = body.thinking?.type === 'enabled';
  for (const [index, message] of body.messages.entries()) {
    const blocks = typeof message.content === 'string' ? [] : message.content;
    for (const [blockIndex, block] of blocks.entries()) {
      if (block.type === 'thinking' && !isValidThinkingSignature(block.thinking, block.signature)) {
        return `messages.${index}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`;
      }
    }
    const results = blocks.filter((block) => block.type === 'tool_result');
    if (results.length === 0) continue;
    const previous = body.messages[index - 1];
    const calls = new Set(previousToolUseIds(previous));
    for (const result of results) {
      if (!calls.has(result.tool_use_id)) {
        return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${result.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    // The assistant turn whose tool calls are being answered in the last user turn.
    if (thinking && index === body.messages.length - 1 && previous !== undefined && !startsWithThinking(previous)) {
      return `messages.${index - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${firstBlockType(previous)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks).`;
    }
  }
  return undefined;
}

function previousToolUseIds(message: AnthropicRequestMessage | undefined): string[] {
  if (message === undefined || message.role !== 'assistant' || typeof message.content === 'string') return [];
  return message.content.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));
}

function startsWithThinking(message: AnthropicRequestMessage): boolean {
  const type = firstBlockType(message);
  return type === 'thinking' || type === 'redacted_thinking';
}

function firstBlockType(message: AnthropicRequestMessage): string {
  return typeof message.content === 'string' ? 'text' : (message.content[0]?.type ?? 'text');
}

/** The request as the OpenAI chat body the shared planner reads. */
function toChatCompletionBody(body: AnthropicMessagesBody): ChatCompletionBody {
  const messages: ChatMessageBody[] = [];
  const system = typeof body.system === 'string' ? body.system : body.system?.map((block) => block.text).join('\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const message of body.messages) messages.push(...toChatMessages(message));
  const chat: ChatCompletionBody = { model: body.model, messages, max_tokens: body.max_tokens, stream: body.stream ?? false };
  if (body.stop_sequences !== undefined) chat.stop = body.stop_sequences;
  if (body.tools !== undefined && body.tools.length > 0) {
    chat.tools = body.tools.map((tool) => ({ type: 'function' as const, function: { name: tool.name, description: tool.description, parameters: tool.input_schema } }));
  }
  const choice = body.tool_choice;
  if (choice?.type === 'none') chat.tool_choice = 'none';
  else if (choice?.type === 'any') chat.tool_choice = 'required';
  else if (choice?.type === 'tool') chat.tool_choice = { type: 'function', function: { name: choice.name } };
  const format = body.output_config?.format;
  if (format !== undefined) chat.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema } };
  return chat;
}

/** One Anthropic turn as OpenAI messages: tool results become `tool` messages before the user's text. */
function toChatMessages(message: AnthropicRequestMessage): ChatMessageBody[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const out: ChatMessageBody[] = [];
  const texts: string[] = [];
  const toolCalls: unknown[] = [];
  for (const block of message.content) collectBlock(block, out, texts, toolCalls);
  if (texts.length > 0 || toolCalls.length > 0) {
    const chat: ChatMessageBody = { role: message.role, content: texts.join('\n') };
    if (toolCalls.length > 0) chat.tool_calls = toolCalls;
    out.push(chat);
  }
  return out;
}

function collectBlock(block: AnthropicRequestBlock, out: ChatMessageBody[], texts: string[], toolCalls: unknown[]): void {
  switch (block.type) {
    case 'text':
      texts.push(block.text);
      return;
    case 'tool_use':
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
      return;
    case 'tool_result': {
      const content = typeof block.content === 'string' ? block.content : (block.content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('\n');
      out.push({ role: 'tool', content, tool_call_id: block.tool_use_id });
      return;
    }
    default:
      // Images, thinking: nothing the planner reads.
      return;
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  return `${path}: ${issue?.message ?? 'invalid request'}`;
}
