import type { IncomingHttpHeaders } from 'node:http';
import type { AppAttribution } from '../../spec/routing-directives.js';

const MAX_LENGTH = 512;

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return null;
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, MAX_LENGTH) : null;
}

/** OpenRouter's app attribution headers (HTTP-Referer, X-OpenRouter-Title / X-Title, categories). */
export function readAttribution(headers: IncomingHttpHeaders): AppAttribution {
  return {
    httpReferer: header(headers, 'http-referer') ?? header(headers, 'referer'),
    title: header(headers, 'x-openrouter-title') ?? header(headers, 'x-title'),
    categories: header(headers, 'x-openrouter-categories'),
  };
}

/** Headers an adapter may pass upstream (provider betas); never auth or hop-by-hop headers. */
export function passThroughHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['anthropic-beta', 'x-anthropic-beta', 'anthropic-version']) {
    const value = header(headers, name);
    if (value) out[name] = value;
  }
  return out;
}
