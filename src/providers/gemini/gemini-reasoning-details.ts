import type { ReasoningDetail } from '../../spec/chat-request.js';

/** OpenRouter's `reasoning_details[].format` for Gemini thought signatures. */
export const GEMINI_REASONING_FORMAT = 'google-gemini-v1';

/**
 * A thought signature as a reasoning detail, the way OpenRouter returns them for Gemini:
 * `{"type":"reasoning.encrypted","data":<signature>,"id":<tool call id>,"format":"google-gemini-v1","index":n}`.
 * `id` names the tool call whose functionCall part carried the signature (null for a text
 * part's), so the signature can be put back on that part next turn.
 */
export function signatureDetail(signature: string, toolCallId: string | null, index: number): ReasoningDetail {
  return { type: 'reasoning.encrypted', data: signature, id: toolCallId, format: GEMINI_REASONING_FORMAT, index };
}
