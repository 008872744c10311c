import type { ChatResult } from '../../spec/chat-result.js';
import type { ResponseIdentity } from '../openai-chat/encode-chat-response.js';
import type { UsageBody } from '../shared/encode-usage.js';

/** OpenAI `text_completion` object for the legacy `/completions` surface. */
export function encodeCompletionResponse(identity: ResponseIdentity, result: ChatResult, usage: UsageBody): Record<string, unknown> {
  return {
    id: identity.id,
    provider: identity.providerName,
    model: identity.model,
    object: 'text_completion',
    created: identity.created,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        text: result.content ?? '',
        logprobs: null,
        finish_reason: result.finishReason,
        native_finish_reason: result.nativeFinishReason,
      },
    ],
    usage,
  };
}
