import type { ChatResult } from '../../spec/chat-result.js';
import type { UsageBody } from '../shared/encode-usage.js';

/** Identity of a response: our generation id, the model actually used, who served it. */
export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  providerName: string;
}

/** S:ChatResult for a non-streamed chat completion. */
export function encodeChatResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: result.content, refusal: result.refusal ?? null };
  if (result.reasoning !== undefined) message.reasoning = result.reasoning;
  if (result.reasoningDetails?.length) message.reasoning_details = result.reasoningDetails;
  if (result.toolCalls.length > 0) {
    message.tool_calls = result.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  return {
    id: identity.id,
    provider: identity.providerName,
    model: identity.model,
    object: 'chat.completion',
    created: identity.created,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason: result.finishReason,
        native_finish_reason: result.nativeFinishReason,
        message,
      },
    ],
    usage,
  };
}
