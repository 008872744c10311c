import type { ChatRequest } from '../../spec/chat-request.js';

/**
 * A cheap upper bound of the prompt's tokens: a BPE token covers at least one UTF-8 byte, so
 * bytes (plus per-message framing) bound the count. Images and tools make the bound unknown
 * (Infinity), which sends the planner to the real tokenizer.
 */
export function promptTokenUpperBound(request: ChatRequest): number {
  if (request.tools?.length) return Number.POSITIVE_INFINITY;
  let bound = 8;
  for (const message of request.messages) {
    bound += 8;
    for (const part of message.content) {
      if (part.type !== 'text') return Number.POSITIVE_INFINITY;
      bound += Buffer.byteLength(part.text);
    }
    if (message.role === 'assistant') {
      for (const call of message.toolCalls) bound += 16 + Buffer.byteLength(call.name) + Buffer.byteLength(call.arguments);
      if (message.reasoning) bound += Buffer.byteLength(message.reasoning);
    }
  }
  return bound;
}
