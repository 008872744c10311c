import type { ChatResult } from '../../spec/chat-result.js';
import type { ReasoningDetail, ToolCall } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/errors.js';
import { redactSecret } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiBlockedPromptError } from './gemini-blocked-prompt-error.js';
import { signatureDetail } from './gemini-reasoning-details.js';
import { geminiReportedError } from './gemini-upstream-error.js';
import { geminiResponseSchema } from './gemini-wire-schemas.js';
import type { GeminiResponse } from './gemini-wire-schemas.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { synthesizeGeminiToolCallId } from './synthesize-gemini-tool-call-id.js';

/**
 * Reads a successful (2xx) `:generateContent` answer: JSON, then an error envelope sent with
 * a 200, then the GenerateContentResponse schema (anything else is upstream_invalid_response),
 * then a blocked prompt (a clear client error, see geminiBlockedPromptError).
 */
export function readGeminiResponse(bodyText: string, context: UpstreamErrorContext): ChatResult {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch (error) {
    throw invalidGeminiResponse(`${context.providerName} returned a response that is not JSON`, bodyText, context, error);
  }
  if (typeof payload === 'object' && payload !== null && 'error' in payload) throw geminiReportedError(payload, context);
  const parsed = geminiResponseSchema.safeParse(payload);
  if (!parsed.success) throw invalidGeminiResponse(`${context.providerName} returned an unexpected GenerateContentResponse`, bodyText, context, parsed.error);
  return convertGeminiResponse(parsed.data, context);
}

/** A validated GenerateContentResponse (first candidate) as a ChatResult. */
export function convertGeminiResponse(response: GeminiResponse, context: UpstreamErrorContext): ChatResult {
  const candidate = response.candidates?.[0];
  const blockReason = response.promptFeedback?.blockReason;
  if (candidate === undefined && blockReason !== undefined) {
    throw geminiBlockedPromptError(blockReason, response.promptFeedback?.blockReasonMessage, context);
  }
  let content: string | null = null;
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  const details: ReasoningDetail[] = [];
  for (const part of candidate?.content?.parts ?? []) {
    let toolCallId: string | null = null;
    if (part.functionCall !== undefined) {
      toolCallId = part.functionCall.id || synthesizeGeminiToolCallId();
      toolCalls.push({ id: toolCallId, name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) });
    } else if (part.text !== undefined) {
      if (part.thought === true) reasoning += part.text;
      else content = (content ?? '') + part.text;
    }
    if (part.thoughtSignature) details.push(signatureDetail(part.thoughtSignature, toolCallId, details.length));
  }
  const nativeFinishReason = candidate?.finishReason ?? null;
  const result: ChatResult = {
    content,
    toolCalls,
    finishReason: mapGeminiFinishReason(nativeFinishReason, toolCalls.length > 0),
    nativeFinishReason,
  };
  if (response.responseId) result.upstreamId = response.responseId;
  if (response.modelVersion) result.upstreamModel = response.modelVersion;
  if (reasoning !== '') result.reasoning = reasoning;
  if (details.length > 0) result.reasoningDetails = details;
  const usage = convertGeminiUsage(response.usageMetadata);
  if (usage !== undefined) result.usage = usage;
  return result;
}

export function invalidGeminiResponse(message: string, bodyText: string, context: UpstreamErrorContext, cause: unknown): GatewayError {
  return new GatewayError('upstream_invalid_response', message, {
    cause,
    metadata: { provider_name: context.providerName, raw_message: redactSecret(bodyText.slice(0, 200), context.apiKey) },
  });
}
