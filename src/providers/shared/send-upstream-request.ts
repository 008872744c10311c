import { request } from 'undici';
import type { Dispatcher } from 'undici';
import type { GatewayError } from '../../spec/errors.js';
import type { Provider } from '../../catalog/catalog-types.js';
import { getHttpClient } from './http-client.js';
import { classifyTransportError } from './classify-transport-error.js';
import type { TransportErrorContext } from './classify-transport-error.js';
import { readErrorDetails, upstreamHttpError } from './upstream-error.js';
import type { ResponseHeaders } from './upstream-error.js';

/** One HTTP call as an adapter builds it. */
export interface UpstreamHttpRequest {
  url: string;
  headers: Record<string, string>;
  /** The JSON text of the body. */
  body: string;
}

/** An upstream's answer once its status and headers arrived; the body is still unread. */
export interface UpstreamHttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: Dispatcher.ResponseData['body'];
}

/** Error bodies past this size are cut: only the start says what went wrong. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * POSTs through the provider's shared keep-alive pool and resolves when the status and
 * headers arrived. Transport failures (refused, connect timeout, reset, our signal firing)
 * reject with the matching GatewayError.
 */
export async function sendUpstreamRequest(provider: Provider, call: UpstreamHttpRequest, signal: AbortSignal): Promise<UpstreamHttpResponse> {
  try {
    const response = await request(call.url, {
      method: 'POST',
      headers: call.headers,
      body: call.body,
      signal,
      dispatcher: getHttpClient(provider),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  } catch (error) {
    throw classifyTransportError(error, { providerName: provider.name, signal });
  }
}

/** Reads a whole response body as text; a transport failure mid-body rejects with a GatewayError. */
export async function readResponseText(response: UpstreamHttpResponse, context: TransportErrorContext): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw classifyTransportError(error, context);
  }
}

/**
 * Turns a non-2xx answer into its GatewayError, reading (a bounded part of) the error body
 * for the upstream's message. A body that cannot be read still yields the status error.
 */
export async function upstreamErrorFromResponse(
  response: UpstreamHttpResponse,
  context: TransportErrorContext & { apiKey?: string | undefined },
): Promise<GatewayError> {
  const bodyText = await readBoundedText(response.body, ERROR_BODY_LIMIT);
  // Aborted while reading the error body: the abort (cancelled, or the router's reason) wins.
  if (context.signal?.aborted) return classifyTransportError(undefined, context);
  return upstreamHttpError(response.status, response.headers, readErrorDetails(bodyText), context);
}

/** Reads at most `limit` characters of a body (then destroys it); a failing body yields what was read. */
export async function readBoundedText(body: UpstreamHttpResponse['body'], limit: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of body) {
      text += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
      if (text.length >= limit) {
        body.destroy();
        return text.slice(0, limit);
      }
    }
    return text + decoder.decode();
  } catch {
    return text;
  }
}
