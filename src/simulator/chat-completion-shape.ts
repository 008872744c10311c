import { usageObject, type AnswerShape } from './answer-shape.js';
import type { CompletionPlan } from './plan-completion.js';

/** Per-response values every chunk of one answer repeats. */
export interface ShapeContext {
  id: string;
  created: number;
  model: string;
  /** OpenAI sends `"usage": null` on every chunk once usage is requested. */
  includeUsage: boolean;
}

const SYSTEM_FINGERPRINT = 'fp_simulator';

/** `/v1/chat/completions` bodies and `chat.completion.chunk` stream chunks. */
export function chatCompletionShape(context: ShapeContext): AnswerShape {
  const chunk = (delta: object, finishReason: string | null): object => ({
    id: context.id,
    object: 'chat.completion.chunk',
    created: context.created,
    model: context.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(context.includeUsage ? { usage: null } : {}),
  });
  const toolCallDelta = (plan: CompletionPlan, argumentsPiece: string, withHeader: boolean): object => ({
    tool_calls: [
      withHeader && plan.toolCall
        ? { index: 0, id: plan.toolCall.id, type: 'function', function: { name: plan.toolCall.name, arguments: argumentsPiece } }
        : { index: 0, function: { arguments: argumentsPiece } },
    ],
  });

  return {
    response(plan) {
      const message = plan.toolCall
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: plan.toolCall.id, type: 'function', function: { name: plan.toolCall.name, arguments: plan.text } }],
            refusal: null,
            annotations: [],
          }
        : { role: 'assistant', content: plan.text, refusal: null, annotations: [] };
      return {
        id: context.id,
        object: 'chat.completion',
        created: context.created,
        model: context.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
        usage: usageObject(plan),
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
      };
    },
    openingChunks(plan) {
      if (plan.toolCall) return [chunk({ role: 'assistant', content: null, ...toolCallDelta(plan, '', true) }, null)];
      return [chunk({ role: 'assistant', content: '', refusal: null }, null)];
    },
    pieceChunk(plan, piece) {
      return chunk(plan.toolCall ? toolCallDelta(plan, piece, false) : { content: piece }, null);
    },
    finalChunk(plan) {
      return chunk({}, plan.finishReason);
    },
    usageChunk(plan) {
      return {
        id: context.id,
        object: 'chat.completion.chunk',
        created: context.created,
        model: context.model,
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [],
        usage: usageObject(plan),
      };
    },
  };
}
