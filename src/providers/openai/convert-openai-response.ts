import type { ChatResult } from '../../spec/chat-result.js';
import type { ToolCall } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import { readErrorPayload, upstreamReportedError, redactSecret } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { openAIChatCompletionSchema, openAITextCompletionSchema } from './openai-wire-schemas.js';
import type { OpenAIChatCompletion, OpenAITextCompletion, OpenAIToolCall } from './openai-wire-schemas.js';
import { isPlainChatCompletion } from './plain-chat-completion.js';
import { readReasoningDetails } from './read-reasoning-details.js';
import { synthesizeToolCallId } from './synthesize-tool-call-id.js';

/**
 * Reads a successful (2xx) non-streamed answer: JSON, then the error envelope some providers
 * return with a 200, then the schema for the request kind. Anything else is an
 * `upstream_invalid_response`.
 */
export function readOpenAIResponse(bodyText: string, kind: 'chat' | 'text', context: UpstreamErrorContext): ChatResult {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch (error) {
    throw invalidResponse(`${context.providerName} returned a response that is not JSON`, bodyText, context, error);
  }
  if (typeof payload === 'object' && payload !== null && 'error' in payload) {
    const details = readErrorPayload(payload);
    if (details !== undefined) throw upstreamReportedError(details, context);
  }
  if (kind === 'text') {
    const parsed = openAITextCompletionSchema.safeParse(payload);
    if (!parsed.success) throw invalidResponse(`${context.providerName} returned an unexpected completion object`, bodyText, context, parsed.error);
    return convertOpenAITextCompletion(parsed.data);
  }
  // The common answer passes a narrow guard; the schema reads (and words the error for) the rest.
  if (isPlainChatCompletion(payload)) return convertOpenAIChatCompletion(payload);
  const parsed = openAIChatCompletionSchema.safeParse(payload);
  if (!parsed.success) throw invalidResponse(`${context.providerName} returned an unexpected chat completion object`, bodyText, context, parsed.error);
  return convertOpenAIChatCompletion(parsed.data);
}

/** A validated `chat.completion` object (first choice) as a ChatResult. */
export function convertOpenAIChatCompletion(completion: OpenAIChatCompletion): ChatResult {
  // The schema requires at least one choice; the gateway never asks for n > 1.
  const choice = completion.choices[0] as OpenAIChatCompletion['choices'][number];
  const message = choice.message;
  const result: ChatResult = {
    content: readContent(message.content),
    toolCalls: readToolCalls(message.tool_calls, message.function_call),
    finishReason: mapOpenAIFinishReason(choice.finish_reason),
    nativeFinishReason: choice.finish_reason ?? null,
  };
  if (completion.id) result.upstreamId = completion.id;
  if (completion.model) result.upstreamModel = completion.model;
  const reasoning = message.reasoning || message.reasoning_content;
  if (reasoning) result.reasoning = reasoning;
  const reasoningDetails = readReasoningDetails(message.reasoning_details);
  if (reasoningDetails !== undefined) result.reasoningDetails = reasoningDetails;
  if (message.refusal) result.refusal = message.refusal;
  const usage = convertOpenAIUsage(completion.usage);
  if (usage !== undefined) result.usage = usage;
  return result;
}

/** A validated legacy `text_completion` object as a ChatResult (the text becomes `content`). */
export function convertOpenAITextCompletion(completion: OpenAITextCompletion): ChatResult {
  const choice = completion.choices[0] as OpenAITextCompletion['choices'][number];
  const result: ChatResult = {
    content: choice.text ?? null,
    toolCalls: [],
    finishReason: mapOpenAIFinishReason(choice.finish_reason),
    nativeFinishReason: choice.finish_reason ?? null,
  };
  if (completion.id) result.upstreamId = completion.id;
  if (completion.model) result.upstreamModel = completion.model;
  const usage = convertOpenAIUsage(completion.usage);
  if (usage !== undefined) result.usage = usage;
  return result;
}

function readContent(content: OpenAIChatCompletion['choices'][number]['message']['content']): string | null {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  // Array content (Mistral's reasoning models): the answer is the `text` parts; `thinking` parts are not content.
  let text = '';
  for (const part of content) if (part.type === 'text' && part.text) text += part.text;
  return text;
}

function readToolCalls(
  toolCalls: OpenAIToolCall[] | null | undefined,
  functionCall: { name: string; arguments?: string | Record<string, unknown> | null | undefined } | null | undefined,
): ToolCall[] {
  if (toolCalls && toolCalls.length > 0) {
    return toolCalls.map((call) => ({
      id: call.id || synthesizeToolCallId(),
      name: call.function.name,
      arguments: argumentsText(call.function.arguments),
    }));
  }
  if (functionCall) return [{ id: synthesizeToolCallId(), name: functionCall.name, arguments: argumentsText(functionCall.arguments) }];
  return [];
}

/** Arguments are JSON text; a parsed object is re-serialised, and a missing value means no arguments. */
function argumentsText(value: string | Record<string, unknown> | null | undefined): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '{}';
  return JSON.stringify(value);
}

function invalidResponse(message: string, bodyText: string, context: UpstreamErrorContext, cause: unknown): GatewayError {
  const excerpt = redactSecret(bodyText.slice(0, 200), context.apiKey);
  return new GatewayError('upstream_invalid_response', message, {
    cause,
    metadata: { provider_name: context.providerName, raw_message: excerpt },
  });
}
