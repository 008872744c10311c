import { GatewayError } from '../../spec/errors.js';
import { upstreamHttpError } from '../shared/upstream-error.js';
import type { ResponseHeaders, UpstreamErrorContext, UpstreamErrorDetails } from '../shared/upstream-error.js';
import { geminiErrorBodySchema } from './gemini-wire-schemas.js';
import type { GeminiErrorBody } from './gemini-wire-schemas.js';

/**
 * Google's errors as GatewayErrors. Most follow the HTTP status through the shared mapping
 * (400 INVALID_ARGUMENT stays a 400 the client caused; 429 RESOURCE_EXHAUSTED and 503
 * UNAVAILABLE are retryable; 401/403 are upstream_auth), with two Google specifics:
 * - a bad key is a **400** with `ErrorInfo.reason: "API_KEY_INVALID"` (status INVALID_ARGUMENT):
 *   it is the operator's key, never the client's request, so it becomes upstream_auth;
 * - the wait before retrying comes as `RetryInfo.retryDelay` ("7s") in the body rather than
 *   a Retry-After header; it is used when the header is absent.
 */

/** ErrorInfo reasons that mean the gateway's own key is at fault. */
const KEY_REASONS: ReadonlySet<string> = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED']);

/** The GatewayError for a non-2xx answer with this body text. */
export function geminiHttpError(status: number, headers: ResponseHeaders, bodyText: string, context: UpstreamErrorContext): GatewayError {
  return geminiErrorFromPayload(status, headers, parseJson(bodyText), bodyText, context);
}

/**
 * The GatewayError for an `{"error":…}` object met inside a 2xx answer (a stream chunk):
 * its `code` is the HTTP status it stands for.
 */
export function geminiReportedError(payload: unknown, context: UpstreamErrorContext): GatewayError {
  const parsed = geminiErrorBodySchema.safeParse(payload);
  const status = parsed.success && parsed.data.error.code !== undefined && parsed.data.error.code >= 400 ? parsed.data.error.code : 500;
  return geminiErrorFromPayload(status, {}, payload, '', context);
}

function geminiErrorFromPayload(status: number, headers: ResponseHeaders, payload: unknown, bodyText: string, context: UpstreamErrorContext): GatewayError {
  const parsed = geminiErrorBodySchema.safeParse(payload);
  if (!parsed.success) {
    const text = bodyText.replace(/\s+/g, ' ').trim();
    return upstreamHttpError(status, headers, text === '' ? {} : { message: text }, context);
  }
  const body = parsed.data;
  const details: UpstreamErrorDetails = {};
  if (body.error.message !== undefined) details.message = body.error.message;
  const code = body.error.status ?? body.error.code;
  if (code !== undefined) details.code = code;

  const retryDelay = readRetryDelaySeconds(body);
  const effectiveHeaders: ResponseHeaders = headers['retry-after'] === undefined && retryDelay !== undefined ? { ...headers, 'retry-after': String(retryDelay) } : headers;
  const error = upstreamHttpError(status, effectiveHeaders, details, context);

  const reason = readErrorReason(body);
  if (status === 400 && reason !== undefined && KEY_REASONS.has(reason)) {
    return new GatewayError('upstream_auth', `${context.providerName} rejected the gateway's credentials (HTTP 400 ${reason})`, {
      upstreamStatus: status,
      metadata: { ...error.metadata, provider_reason: reason },
    });
  }
  return error;
}

/** `ErrorInfo.reason` of the first google.rpc.ErrorInfo detail. */
function readErrorReason(body: GeminiErrorBody): string | undefined {
  for (const detail of body.error.details ?? []) {
    if (String(detail['@type']).endsWith('google.rpc.ErrorInfo') && typeof detail.reason === 'string') return detail.reason;
  }
  return undefined;
}

/** `RetryInfo.retryDelay` is a protobuf Duration in JSON: seconds with an `s` suffix ("7s", "0.5s"). */
function readRetryDelaySeconds(body: GeminiErrorBody): number | undefined {
  for (const detail of body.error.details ?? []) {
    if (!String(detail['@type']).endsWith('google.rpc.RetryInfo')) continue;
    const delay = detail.retryDelay;
    if (typeof delay === 'string' && /^\d+(\.\d+)?s$/.test(delay)) return Math.ceil(Number(delay.slice(0, -1)));
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
