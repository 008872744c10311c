import type { FinishReason } from '../../spec/finish-reason.js';

/**
 * OpenAI-compatible servers mostly send OpenAI's own values, but several pass their engine's
 * native reason through. Synonyms seen in the wild, keys lower-cased:
 * - `eos`, `eos_token` (TGI, llama.cpp), `end_turn`, `stop_sequence` (Anthropic-backed proxies),
 *   `complete`/`completed`: the model stopped on its own or on a stop sequence;
 * - `max_tokens` (Anthropic-backed), `max_output_tokens`, `model_length` (vLLM when the context is full);
 * - `function_call` (OpenAI's pre-tools form), `tool_use` (Anthropic-backed);
 * - `safety`, `recitation`, `prohibited_content`, `blocklist`, `spii` (Gemini's OpenAI layer
 *   reports its safety stops upper-cased), `content_filtered`;
 * - `error` (OpenRouter as an upstream, after a mid-stream failure).
 */
const FINISH_REASONS: ReadonlyMap<string, FinishReason> = new Map<string, FinishReason>([
  ['stop', 'stop'],
  ['eos', 'stop'],
  ['eos_token', 'stop'],
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['complete', 'stop'],
  ['completed', 'stop'],
  ['length', 'length'],
  ['max_tokens', 'length'],
  ['max_output_tokens', 'length'],
  ['model_length', 'length'],
  ['tool_calls', 'tool_calls'],
  ['function_call', 'tool_calls'],
  ['tool_use', 'tool_calls'],
  ['content_filter', 'content_filter'],
  ['content_filtered', 'content_filter'],
  ['safety', 'content_filter'],
  ['recitation', 'content_filter'],
  ['prohibited_content', 'content_filter'],
  ['blocklist', 'content_filter'],
  ['spii', 'content_filter'],
  ['error', 'error'],
]);

/**
 * Normalises an OpenAI-compatible `finish_reason` to OpenRouter's enum. An unknown value
 * maps to null rather than a guess: calling an unexplained stop `stop` would tell the client
 * the answer is complete when it may have been cut. The raw value stays available as
 * `nativeFinishReason`.
 */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason | null {
  if (raw === null || raw === undefined) return null;
  return FINISH_REASONS.get(raw.toLowerCase()) ?? null;
}
