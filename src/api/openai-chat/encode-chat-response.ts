import type { ChatResult } from '../../spec/chat-result.js';
import { jsonText, nullableJsonText } from '../../spec/json-text.js';
import { usageJsonText, type UsageBody } from '../shared/encode-usage.js';

/** Identity of a response: our generation id, the model actually used, who served it. */
export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  providerName: string;
}

/**
 * S:ChatResult for a non-streamed chat completion, as JSON text. Written by hand: it is the
 * answer to every non-streamed chat call, and JSON.stringify over a freshly built object cost
 * twice as much. Nested values of open shape (reasoning details, tool calls, the router
 * metadata) still go through JSON.stringify.
 */
export function encodeChatResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody, routerMetadata?: unknown): string {
  let message = `{"role":"assistant","content":${nullableJsonText(result.content)},"refusal":${nullableJsonText(result.refusal)}`;
  if (result.reasoning !== undefined) message += `,"reasoning":${jsonText(result.reasoning)}`;
  if (result.reasoningDetails?.length) message += `,"reasoning_details":${JSON.stringify(result.reasoningDetails)}`;
  if (result.toolCalls.length > 0) {
    const toolCalls = result.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    message += `,"tool_calls":${JSON.stringify(toolCalls)}`;
  }
  return (
    `{"id":${jsonText(identity.id)},"provider":${jsonText(identity.providerName)},"model":${jsonText(identity.model)}` +
    `,"object":"chat.completion","created":${identity.created},"system_fingerprint":null` +
    `,"choices":[{"index":0,"logprobs":null,"finish_reason":${nullableJsonText(result.finishReason)}` +
    `,"native_finish_reason":${nullableJsonText(result.nativeFinishReason)},"message":${message}}}]` +
    `,"usage":${usageJsonText(usage)}` +
    (routerMetadata === undefined ? '}' : `,"openrouter_metadata":${JSON.stringify(routerMetadata)}}`)
  );
}
