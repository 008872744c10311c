import type { AnswerShape } from '../answer-shape.js';
import { countTextTokens } from '../count-tokens.js';
import type { CompletionPlan } from '../plan-completion.js';
import { geminiErrorBody } from './send-gemini-error.js';
import { issueSimulatorSignature } from './simulator-thought-signature.js';

/** Per-answer values of a Gemini response. */
export interface GeminiShapeContext {
  responseId: string;
  model: string;
  /** The model thinks: thoughtsTokenCount is reported and a thoughtSignature issued. */
  thinking: boolean;
  /** The thought summary to return (includeThoughts), or null. */
  thought: string | null;
}

/** A piece chunk the stream skips: Gemini sends a function call whole, never in pieces. */
const NOTHING = Object.freeze({});

/**
 * GenerateContentResponse bodies and `:streamGenerateContent?alt=sse` chunks
 * (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse). A stream is the
 * thought summary first, text pieces, then a closing chunk with the finishReason and the full
 * usageMetadata; a function call arrives whole in that closing chunk after the generation time.
 * The signature goes on the first functionCall part, or on the closing text part.
 */
export function geminiAnswerShape(context: GeminiShapeContext): AnswerShape {
  const thoughtTokens = context.thinking ? Math.max(16, countTextTokens(context.thought ?? '') * 2) : 0;
  const signature = context.thinking ? issueSimulatorSignature(context.responseId, 0) : undefined;
  // Running chunks carry the prompt count only; the closing one has the finishReason and full usage.
  const chunk = (parts: object[], plan: CompletionPlan, closing: boolean): object => {
    const candidate: Record<string, unknown> = { content: { parts, role: 'model' }, index: 0 };
    if (closing) candidate.finishReason = finishReason(plan);
    return {
      candidates: [candidate],
      usageMetadata: closing ? usage(plan, thoughtTokens) : { promptTokenCount: plan.promptTokens, totalTokenCount: plan.promptTokens },
      modelVersion: context.model,
      responseId: context.responseId,
    };
  };
  const thoughtParts = (): object[] => (context.thought === null ? [] : [{ text: context.thought, thought: true }]);
  const closingParts = (plan: CompletionPlan): object[] => {
    if (plan.toolCall) return functionCallParts(plan, signature);
    return [signature === undefined ? { text: '' } : { text: '', thoughtSignature: signature }];
  };

  return {
    response(plan) {
      const answer = plan.toolCall ? functionCallParts(plan, signature) : [signature === undefined ? { text: plan.text } : { text: plan.text, thoughtSignature: signature }];
      return chunk([...thoughtParts(), ...answer], plan, true);
    },
    openingChunks(plan) {
      return context.thought === null ? [] : [chunk(thoughtParts(), plan, false)];
    },
    pieceChunk(plan, piece) {
      return plan.toolCall ? NOTHING : chunk([{ text: piece }], plan, false);
    },
    finalChunk(plan) {
      return chunk(closingParts(plan), plan, true);
    },
    usageChunk(plan) {
      return chunk(closingParts(plan), plan, true);
    },
    frameChunk(payload) {
      return payload === NOTHING ? '' : `data: ${JSON.stringify(payload)}\r\n\r\n`;
    },
    closingChunks(plan) {
      return [chunk(closingParts(plan), plan, true)];
    },
    errorChunk() {
      return geminiErrorBody(500);
    },
  };
}

/** A planned tool call as a functionCall part; arguments cut by the token limit make no call. */
function functionCallParts(plan: CompletionPlan, signature: string | undefined): object[] {
  if (plan.toolCall === null) return [];
  let args: unknown;
  try {
    args = JSON.parse(plan.text);
  } catch {
    return [];
  }
  const part: Record<string, unknown> = { functionCall: { name: plan.toolCall.name, args } };
  if (signature !== undefined) part.thoughtSignature = signature;
  return [part];
}

/** STOP for a natural end and for function calls (Gemini has no tool-use reason), MAX_TOKENS for the limit. */
function finishReason(plan: CompletionPlan): string {
  return plan.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP';
}

function usage(plan: CompletionPlan, thoughtTokens: number): Record<string, unknown> {
  const result: Record<string, unknown> = {
    promptTokenCount: plan.promptTokens,
    candidatesTokenCount: plan.completionTokens,
    totalTokenCount: plan.promptTokens + plan.completionTokens + thoughtTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: plan.promptTokens }],
  };
  if (thoughtTokens > 0) result.thoughtsTokenCount = thoughtTokens;
  return result;
}
