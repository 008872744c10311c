import { usageObject, type AnswerShape } from './answer-shape.js';
import type { ShapeContext } from './chat-completion-shape.js';

/** Legacy `/v1/completions` bodies and `text_completion` stream chunks (`choices[].text`). */
export function legacyCompletionShape(context: ShapeContext): AnswerShape {
  const chunk = (text: string, finishReason: string | null): object => ({
    id: context.id,
    object: 'text_completion',
    created: context.created,
    model: context.model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
    ...(context.includeUsage ? { usage: null } : {}),
  });
  return {
    response(plan) {
      return {
        id: context.id,
        object: 'text_completion',
        created: context.created,
        model: context.model,
        choices: [{ text: plan.text, index: 0, logprobs: null, finish_reason: plan.finishReason }],
        usage: usageObject(plan),
      };
    },
    openingChunks() {
      return [];
    },
    pieceChunk(_plan, piece) {
      return chunk(piece, null);
    },
    finalChunk(plan) {
      return chunk('', plan.finishReason);
    },
    usageChunk(plan) {
      return { id: context.id, object: 'text_completion', created: context.created, model: context.model, choices: [], usage: usageObject(plan) };
    },
  };
}
