import type { GatewayError } from '../spec/errors.js';

/**
 * What the executor does with a failed attempt:
 * - `client`: the client's own fault or wish (a 400 any endpoint would give, cancelled): stop,
 *   return it.
 * - `context_length`: the prompt does not fit this endpoint: move on, but only to endpoints
 *   with a larger context.
 * - `fallback`: the endpoint failed (408, 429, 5xx, timeout, connection, bad answer, its
 *   credentials or account rejected, the upstream does not know the model): try the next one.
 */
export type ErrorClass = 'client' | 'context_length' | 'fallback';

/** Upstream wording for "too long" (OpenAI, Anthropic, vLLM, llama.cpp, Gemini, Mistral). */
const CONTEXT_LENGTH_PATTERN = /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|exceeds? the (model'?s )?(maximum|max)|input is too long|token limit|reduce the length/i;

export function classifyError(error: GatewayError): ErrorClass {
  switch (error.kind) {
    case 'cancelled':
    case 'bad_request':
      return 'client';
    case 'context_length_exceeded':
      return 'context_length';
    case 'upstream_http': {
      const status = error.upstreamStatus ?? 502;
      if (status === 408 || status === 429 || status >= 500) return 'fallback';
      if (isContextLengthError(error)) return 'context_length';
      // The upstream does not serve the configured model: the operator's mistake, not the client's.
      if (status === 404) return 'fallback';
      // 400/413/422: any endpoint of this request would answer the same.
      return 'client';
    }
    default:
      return 'fallback';
  }
}

/** An upstream's "prompt too long for this model" answer. */
export function isContextLengthError(error: GatewayError): boolean {
  if (error.kind === 'context_length_exceeded') return true;
  const code = error.metadata?.provider_code;
  if (code === 'context_length_exceeded' || code === 'string_above_max_length') return true;
  const raw = error.metadata?.raw_message;
  return CONTEXT_LENGTH_PATTERN.test(typeof raw === 'string' ? raw : error.message);
}

/** A rate limit, for "all attempts were rate-limited → 429". */
export function isRateLimit(error: GatewayError): boolean {
  return error.kind === 'rate_limited' || (error.kind === 'upstream_http' && error.upstreamStatus === 429);
}
