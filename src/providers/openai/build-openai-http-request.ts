import type { Provider } from '../../catalog/catalog-types.js';
import type { UpstreamHttpRequest } from '../shared/upstream-http-request.js';
import type { OpenAIRequestPlan } from './convert-to-openai-request.js';

/**
 * The HTTP side of an OpenAI-compatible call: URL under the provider's base URL, JSON and
 * SSE headers, the provider's configured headers, and the key (`Authorization: Bearer <key>`
 * by default, or the raw key under a custom header such as Azure's `api-key`). No key
 * configured (a local vLLM or Ollama) means no auth header at all.
 */
export function buildOpenAIHttpRequest(plan: OpenAIRequestPlan, provider: Provider, stream: boolean): UpstreamHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  for (const [name, value] of Object.entries(provider.headers)) headers[name.toLowerCase()] = value;
  if (provider.apiKey !== undefined && provider.apiKey !== '') {
    const authHeader = provider.openai.authHeader.toLowerCase();
    headers[authHeader] = authHeader === 'authorization' ? `Bearer ${provider.apiKey}` : provider.apiKey;
  }
  return { url: joinUrl(provider.baseUrl, plan.path), headers, body: JSON.stringify(plan.body) };
}

function joinUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + path;
}
