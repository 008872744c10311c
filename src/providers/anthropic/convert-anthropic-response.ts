import type { ChatResult } from '../../spec/chat-result.js';
import type { ReasoningDetail, ToolCall } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import { redactSecret } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { anthropicErrorSchema, anthropicMessageSchema } from './anthropic-wire-schemas.js';
import type { AnthropicMessage } from './anthropic-wire-schemas.js';
import { anthropicStreamError } from './anthropic-stream-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { ANTHROPIC_REASONING_FORMAT } from './convert-to-anthropic-messages.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/**
 * Reads a successful (2xx) non-streamed answer: JSON, then an error object sent with a 200
 * (proxies do that), then the `message` schema. Anything else is upstream_invalid_response.
 */
export function readAnthropicResponse(bodyText: string, context: UpstreamErrorContext): ChatResult {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch (error) {
    throw invalidResponse(`${context.providerName} returned a response that is not JSON`, bodyText, context, error);
  }
  const error = anthropicErrorSchema.safeParse(payload);
  if (error.success) throw anthropicStreamError(error.data.error.type, error.data.error.message, context);
  const parsed = anthropicMessageSchema.safeParse(payload);
  if (!parsed.success) throw invalidResponse(`${context.providerName} returned an unexpected message object`, bodyText, context, parsed.error);
  return convertAnthropicMessage(parsed.data);
}

/**
 * A validated `message` as a ChatResult: text blocks joined as content, thinking blocks as
 * `reasoning` plus one reasoning detail per thinking or redacted_thinking block (with its
 * signature or data, so the client can send them back), tool_use blocks as tool calls in
 * order with their input re-serialised as JSON text.
 */
export function convertAnthropicMessage(message: AnthropicMessage): ChatResult {
  let content: string | null = null;
  let reasoning: string | undefined;
  const reasoningDetails: ReasoningDetail[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text' && 'text' in block) content = (content ?? '') + block.text;
    else if (block.type === 'thinking' && 'thinking' in block) {
      reasoning = (reasoning ?? '') + block.thinking;
      reasoningDetails.push(thinkingDetail(block.thinking, block.signature ?? null, reasoningDetails.length));
    } else if (block.type === 'redacted_thinking' && 'data' in block) {
      reasoningDetails.push(redactedThinkingDetail(block.data, reasoningDetails.length));
    } else if (block.type === 'tool_use' && 'id' in block) {
      toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  const result: ChatResult = {
    content,
    toolCalls,
    finishReason: mapAnthropicStopReason(message.stop_reason),
    nativeFinishReason: message.stop_reason ?? null,
  };
  if (message.stop_sequence) result.stopSequence = message.stop_sequence;
  if (message.id) result.upstreamId = message.id;
  if (message.model) result.upstreamModel = message.model;
  if (reasoning !== undefined) result.reasoning = reasoning;
  if (reasoningDetails.length > 0) result.reasoningDetails = reasoningDetails;
  const usage = convertAnthropicUsage(message.usage);
  if (usage !== undefined) result.usage = usage;
  return result;
}

/** A thinking block as OpenRouter's `reasoning.text` detail. */
export function thinkingDetail(text: string, signature: string | null, index: number): ReasoningDetail {
  return { type: 'reasoning.text', text, signature, format: ANTHROPIC_REASONING_FORMAT, index };
}

/** A redacted_thinking block as OpenRouter's `reasoning.encrypted` detail. */
export function redactedThinkingDetail(data: string, index: number): ReasoningDetail {
  return { type: 'reasoning.encrypted', data, format: ANTHROPIC_REASONING_FORMAT, index };
}

function invalidResponse(message: string, bodyText: string, context: UpstreamErrorContext, cause: unknown): GatewayError {
  return new GatewayError('upstream_invalid_response', message, {
    cause,
    metadata: { provider_name: context.providerName, raw_message: redactSecret(bodyText.slice(0, 200), context.apiKey) },
  });
}
