import type { CompletionPlan } from './plan-completion.js';

/**
 * How one wire format (chat or legacy completions) renders a planned answer, whole or as
 * stream chunks; the pacing and failure logic is shared and lives in stream-answer.ts.
 */
export interface AnswerShape {
  /** The non-streamed response body. */
  response(plan: CompletionPlan): object;
  /** Chunks sent once, together with the first piece (the chat role/tool-call header). */
  openingChunks(plan: CompletionPlan): object[];
  pieceChunk(plan: CompletionPlan, piece: string): object;
  finalChunk(plan: CompletionPlan): object;
  /** The `choices: []` usage chunk sent when `stream_options.include_usage` is set. */
  usageChunk(plan: CompletionPlan): object;
  /**
   * Wires other than OpenAI's (the Anthropic Messages stream) override these: how one chunk is
   * framed (default `data: <JSON>`), what ends a stream (default final chunk, usage chunk,
   * `[DONE]`), and the in-stream error (default OpenAI's error body).
   */
  frameChunk?(chunk: object): string;
  closingChunks?(plan: CompletionPlan): object[];
  errorChunk?(): object;
}

/** OpenAI's usage object, details included, so parsers see the full real shape. */
export function usageObject(plan: CompletionPlan): Record<string, unknown> {
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: plan.completionTokens,
    total_tokens: plan.promptTokens + plan.completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** Splits answer text into stream pieces: words with their leading space, long runs cut. */
export function splitIntoPieces(text: string): string[] {
  const pieces: string[] = [];
  for (const word of text.match(/\s*\S+|\s+$/g) ?? []) {
    for (let start = 0; start < word.length; start += 12) pieces.push(word.slice(start, start + 12));
  }
  return pieces;
}
