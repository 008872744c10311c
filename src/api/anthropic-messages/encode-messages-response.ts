import type { ReasoningDetail, ToolCall } from '../../spec/chat-request.js';
import type { ChatResult } from '../../spec/chat-result.js';
import type { ResponseIdentity } from '../openai-chat/encode-chat-response.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { encodeMessagesUsage } from './encode-messages-usage.js';
import { mapStopReason } from './map-stop-reason.js';

/** Anthropic message ids look like `msg_…`; ours carry the generation id (also in X-Generation-Id). */
export function messageId(generationId: string): string {
  return `msg_${generationId.replace(/^gen-/, '')}`;
}

/** A non-streamed answer as Anthropic's Message object. */
export function encodeMessagesResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody): Record<string, unknown> {
  const content: Record<string, unknown>[] = reasoningBlocks(result.reasoning, result.reasoningDetails);
  const text = result.content ?? result.refusal;
  if (text) content.push({ type: 'text', text, citations: null });
  for (const call of result.toolCalls) content.push(toolUseBlock(call));
  const stopReason = mapStopReason(result.finishReason, result.nativeFinishReason, result.stopSequence, result.toolCalls.length > 0);
  // Field for field as OpenRouter's /messages answers (S:MessagesResult), `provider` included.
  return {
    id: messageId(identity.id),
    type: 'message',
    role: 'assistant',
    container: null,
    content,
    model: identity.model,
    provider: identity.providerName,
    stop_reason: stopReason,
    stop_details: null,
    stop_sequence: stopReason === 'stop_sequence' ? (result.stopSequence ?? null) : null,
    usage: encodeMessagesUsage(usage),
  };
}

/**
 * Thinking blocks, in the order the upstream gave them. Signed details (Anthropic's own
 * thinking) keep their signature byte for byte so the client can send them back; reasoning
 * from other providers becomes unsigned thinking (signature ""), and encrypted reasoning a
 * redacted_thinking block.
 */
export function reasoningBlocks(reasoning: string | undefined, details: ReasoningDetail[] | undefined): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  const textDetails = details?.some((detail) => detail.type !== 'reasoning.encrypted' && (detail.text ?? detail.summary) !== undefined) ?? false;
  if (!textDetails && reasoning) {
    const signed = details?.find((detail) => detail.type === 'reasoning.text' && detail.signature);
    blocks.push({ type: 'thinking', thinking: reasoning, signature: signed?.signature ?? '' });
  }
  for (const detail of details ?? []) {
    if (detail.type === 'reasoning.encrypted') {
      if (detail.data !== undefined) blocks.push({ type: 'redacted_thinking', data: detail.data });
    } else if (textDetails) {
      blocks.push({ type: 'thinking', thinking: detail.text ?? detail.summary ?? '', signature: detail.signature ?? '' });
    }
  }
  return blocks;
}

/** Anthropic gives tool input as an object; unparseable arguments become `{}` rather than a string. */
export function parseToolInput(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(argumentsText);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function toolUseBlock(call: ToolCall): Record<string, unknown> {
  return toolUseStart(call.id, call.name, parseToolInput(call.arguments));
}

/** A tool_use block; `caller` says the model called it directly (not from code execution). */
export function toolUseStart(id: string, name: string, input: Record<string, unknown>): Record<string, unknown> {
  return { type: 'tool_use', id, name, input, caller: { type: 'direct' } };
}
