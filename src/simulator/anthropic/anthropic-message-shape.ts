import type { AnswerShape } from '../answer-shape.js';
import type { CompletionPlan } from '../plan-completion.js';

/** Per-answer values of one Messages response. */
export interface AnthropicShapeContext {
  id: string;
  model: string;
  /** Signed thinking that precedes the answer, when the request enabled thinking. */
  thinking: { text: string; signature: string } | null;
}

const STOP_REASONS: Record<CompletionPlan['finishReason'], string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };

/**
 * The Messages API's wire (https://docs.anthropic.com/en/api/messages-streaming): a `message`
 * object, or named events: message_start, an optional signed thinking block, the text or
 * tool_use block fed by text_delta / input_json_delta pieces, content_block_stop,
 * message_delta with stop_reason and usage, message_stop. No `[DONE]`.
 */
export function anthropicMessageShape(context: AnthropicShapeContext): AnswerShape {
  const answerIndex = context.thinking === null ? 0 : 1;
  const usage = (plan: CompletionPlan, outputTokens: number): Record<string, unknown> => ({
    input_tokens: plan.promptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: outputTokens,
    service_tier: 'standard',
  });
  const messageDelta = (plan: CompletionPlan): object => ({
    type: 'message_delta',
    delta: { stop_reason: STOP_REASONS[plan.finishReason], stop_sequence: null },
    usage: { output_tokens: plan.completionTokens },
  });

  return {
    response(plan) {
      const content: object[] = [];
      if (context.thinking !== null) content.push({ type: 'thinking', thinking: context.thinking.text, signature: context.thinking.signature });
      if (plan.toolCall) content.push({ type: 'tool_use', id: plan.toolCall.id, name: plan.toolCall.name, input: toolInput(plan.text) });
      else content.push({ type: 'text', text: plan.text });
      return {
        id: context.id,
        type: 'message',
        role: 'assistant',
        model: context.model,
        content,
        stop_reason: STOP_REASONS[plan.finishReason],
        stop_sequence: null,
        usage: usage(plan, plan.completionTokens),
      };
    },
    openingChunks(plan) {
      const chunks: object[] = [
        {
          type: 'message_start',
          message: { id: context.id, type: 'message', role: 'assistant', model: context.model, content: [], stop_reason: null, stop_sequence: null, usage: usage(plan, 1) },
        },
      ];
      if (context.thinking !== null) {
        chunks.push(
          { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
          { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: context.thinking.text } },
          { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: context.thinking.signature } },
          { type: 'content_block_stop', index: 0 },
        );
      }
      const block = plan.toolCall ? { type: 'tool_use', id: plan.toolCall.id, name: plan.toolCall.name, input: {} } : { type: 'text', text: '' };
      chunks.push({ type: 'content_block_start', index: answerIndex, content_block: block });
      return chunks;
    },
    pieceChunk(plan, piece) {
      const delta = plan.toolCall ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece };
      return { type: 'content_block_delta', index: answerIndex, delta };
    },
    finalChunk: messageDelta,
    usageChunk: messageDelta,
    closingChunks(plan) {
      return [{ type: 'content_block_stop', index: answerIndex }, messageDelta(plan), { type: 'message_stop' }];
    },
    frameChunk(chunk) {
      return `event: ${(chunk as { type: string }).type}\ndata: ${JSON.stringify(chunk)}\n\n`;
    },
    errorChunk() {
      return { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    },
  };
}

/** A tool call's arguments as the object Anthropic sends; cut-off JSON (max_tokens) gives what parsed: nothing. */
function toolInput(argumentsText: string): unknown {
  try {
    return JSON.parse(argumentsText) as unknown;
  } catch {
    return {};
  }
}
