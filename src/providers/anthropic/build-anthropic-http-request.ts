import type { Provider } from '../../catalog/catalog-types.js';
import type { UpstreamHttpRequest } from '../shared/upstream-http-request.js';

export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

/**
 * The HTTP side of a Messages call: `POST {base}/messages` with the key in `x-api-key` and
 * the `anthropic-version` header (https://docs.anthropic.com/en/api/versioning). A base URL
 * given without the `/v1` (the SDKs' convention, `https://api.anthropic.com`) gets it added.
 * The client's `anthropic-beta` (or OpenRouter's `x-anthropic-beta`) is passed through, so
 * beta features the client opted into reach the upstream; the provider's configured headers
 * come after and win.
 */
export function buildAnthropicHttpRequest(body: Record<string, unknown>, provider: Provider, clientHeaders: Record<string, string>, stream: boolean): UpstreamHttpRequest {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': provider.anthropic?.version ?? DEFAULT_ANTHROPIC_VERSION,
  };
  const beta = clientHeaders['anthropic-beta'] ?? clientHeaders['x-anthropic-beta'];
  if (beta !== undefined && beta !== '') headers['anthropic-beta'] = beta;
  for (const [name, value] of Object.entries(provider.headers)) headers[name.toLowerCase()] = value;
  if (provider.apiKey !== undefined && provider.apiKey !== '') headers['x-api-key'] = provider.apiKey;
  return { url: messagesUrl(provider.baseUrl), headers, body: JSON.stringify(body) };
}

function messagesUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}
