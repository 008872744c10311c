import { GatewayError } from '../../spec/errors.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';

/**
 * A prompt Gemini refused to answer: a 200 whose `promptFeedback.blockReason` is set (SAFETY,
 * BLOCKLIST, PROHIBITED_CONTENT, IMAGE_SAFETY, OTHER) and which has no candidates
 * (https://ai.google.dev/api/generate-content#PromptFeedback). It is the prompt's content,
 * not the endpoint, that failed, so it is the client's error: `bad_request`, HTTP 400, with
 * the reason in the message and in `metadata.block_reason` (`error_type: "prompt_blocked"`).
 * The router does not fall back on it, as for any other 400 the request itself caused.
 */
export function geminiBlockedPromptError(blockReason: string, blockReasonMessage: string | undefined, context: UpstreamErrorContext): GatewayError {
  const detail = blockReasonMessage === undefined || blockReasonMessage === '' ? '' : `: ${blockReasonMessage}`;
  return new GatewayError('bad_request', `${context.providerName} blocked the prompt (promptFeedback.blockReason ${blockReason})${detail}`, {
    metadata: { provider_name: context.providerName, block_reason: blockReason, error_type: 'prompt_blocked' },
  });
}
