import type { Provider } from '../../catalog/catalog-types.js';
import type { UpstreamHttpRequest } from '../shared/upstream-http-request.js';

/**
 * The HTTP side of a Gemini call: `POST {base}/models/{model}:generateContent`, or
 * `:streamGenerateContent?alt=sse` for a stream (without `alt=sse` Google streams one JSON
 * array instead of server-sent events). The key goes in `x-goog-api-key`, never in the URL's
 * `key=` parameter, so it cannot leak through logged URLs. A model given with its resource
 * prefix (`models/…`, `tunedModels/…`) is used as-is.
 */
export function buildGeminiHttpRequest(body: Record<string, unknown>, provider: Provider, upstreamModel: string, stream: boolean): UpstreamHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  for (const [name, value] of Object.entries(provider.headers)) headers[name.toLowerCase()] = value;
  if (provider.apiKey !== undefined && provider.apiKey !== '') headers['x-goog-api-key'] = provider.apiKey;
  const resource = upstreamModel.includes('/') ? upstreamModel : `models/${upstreamModel}`;
  const method = stream ? ':streamGenerateContent?alt=sse' : ':generateContent';
  return { url: `${provider.baseUrl.replace(/\/+$/, '')}/${resource}${method}`, headers, body: JSON.stringify(body) };
}
