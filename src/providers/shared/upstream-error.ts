import { z } from 'zod';
import { GatewayError } from '../../spec/errors.js';

/**
 * Upstream HTTP errors as GatewayErrors. The upstream's own message is kept, shortened and
 * with the provider key scrubbed, in `metadata.raw_message`, so operators can see why a call
 * failed; the key itself never leaves this module.
 */

/** What an error body says, in protocol-neutral form. */
export interface UpstreamErrorDetails {
  message?: string;
  /** The upstream's error code or type (`rate_limit_exceeded`, `invalid_request_error`, 429…). */
  code?: string | number;
}

/** Who answered, for messages, and the secret to scrub from anything the upstream echoed. */
export interface UpstreamErrorContext {
  providerName: string;
  apiKey?: string | undefined;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

const MESSAGE_LIMIT = 200;
const RAW_MESSAGE_LIMIT = 500;

const codeSchema = z.union([z.string(), z.number()]).nullish();
/** `{"error":{"message","type","param","code"}}` (OpenAI, OpenRouter, Gemini, Anthropic's inner object). */
const errorObjectBodySchema = z.object({
  error: z.object({ message: z.string().nullish(), type: z.string().nullish(), code: codeSchema }),
});
/** `{"error":"message"}` (llama.cpp, some proxies). */
const errorStringBodySchema = z.object({ error: z.string() });
/** `{"object":"error","message","type","code"}` (vLLM) and `{"message"}` bodies. */
const flatErrorBodySchema = z.object({ message: z.string(), type: z.string().nullish(), code: codeSchema });
/** `{"detail": "..."}` (FastAPI-based servers). */
const detailErrorBodySchema = z.object({ detail: z.string() });

/**
 * Reads the message and code out of an error body in any of the common JSON envelopes;
 * a body that is not JSON (an HTML gateway page, plain text) becomes its own short message.
 */
export function readErrorDetails(bodyText: string): UpstreamErrorDetails {
  let payload: unknown;
  try {
    payload = JSON.parse(bodyText);
  } catch {
    const text = bodyText.replace(/\s+/g, ' ').trim();
    return text === '' ? {} : { message: text };
  }
  return readErrorPayload(payload) ?? {};
}

/** Like readErrorDetails for an already-parsed value; undefined when no error envelope matches. */
export function readErrorPayload(payload: unknown): UpstreamErrorDetails | undefined {
  const objectBody = errorObjectBodySchema.safeParse(payload);
  if (objectBody.success) {
    const { message, type, code } = objectBody.data.error;
    return withoutUndefined({ message: message ?? undefined, code: code ?? type ?? undefined });
  }
  const stringBody = errorStringBodySchema.safeParse(payload);
  if (stringBody.success) return { message: stringBody.data.error };
  const flatBody = flatErrorBodySchema.safeParse(payload);
  if (flatBody.success) {
    const { message, type, code } = flatBody.data;
    return withoutUndefined({ message, code: code ?? type ?? undefined });
  }
  const detailBody = detailErrorBodySchema.safeParse(payload);
  if (detailBody.success) return { message: detailBody.data.detail };
  return undefined;
}

/**
 * The GatewayError for an upstream's non-2xx answer: 401/402/403 are `upstream_auth` (the
 * operator's key or account, never the client's), everything else `upstream_http` with the
 * status and any Retry-After.
 */
export function upstreamHttpError(
  status: number,
  headers: ResponseHeaders,
  details: UpstreamErrorDetails,
  context: UpstreamErrorContext,
): GatewayError {
  const metadata = errorMetadata(details, context);
  const retryAfterSeconds = parseRetryAfter(headers);
  const upstreamMessage = metadata.raw_message === undefined ? '' : `: ${shorten(String(metadata.raw_message), MESSAGE_LIMIT)}`;
  if (status === 401 || status === 402 || status === 403) {
    // The client cannot fix this, and must not mistake it for its own key being refused.
    return new GatewayError('upstream_auth', `${context.providerName} rejected the gateway's credentials (HTTP ${status})`, {
      upstreamStatus: status,
      metadata,
      retryAfterSeconds,
    });
  }
  // A 4xx other than auth is usually the request's fault (bad parameter, context too long):
  // keep its status so the client sees it. 5xx and odd statuses are a bad gateway for the client.
  const clientStatus = status >= 400 && status < 500 ? status : undefined;
  return new GatewayError('upstream_http', `${context.providerName} returned HTTP ${status}${upstreamMessage}`, {
    status: clientStatus,
    upstreamStatus: status,
    metadata,
    retryAfterSeconds,
  });
}

/**
 * The GatewayError for an error the upstream reported inside a successful response (a 200
 * body or an SSE chunk carrying `error`). A numeric HTTP-like code is treated as that status.
 */
export function upstreamReportedError(details: UpstreamErrorDetails, context: UpstreamErrorContext): GatewayError {
  const { code } = details;
  if (typeof code === 'number' && Number.isInteger(code) && code >= 400 && code <= 599) {
    return upstreamHttpError(code, {}, details, context);
  }
  const metadata = errorMetadata(details, context);
  const upstreamMessage = metadata.raw_message === undefined ? '' : `: ${shorten(String(metadata.raw_message), MESSAGE_LIMIT)}`;
  return new GatewayError('upstream_http', `${context.providerName} reported an error${upstreamMessage}`, { metadata });
}

/**
 * Seconds to wait from `Retry-After` (delta-seconds or an HTTP date), falling back to the
 * `retry-after-ms` header some OpenAI-compatible APIs send; undefined when absent or garbled.
 */
export function parseRetryAfter(headers: ResponseHeaders, now: number = Date.now()): number | undefined {
  const value = firstHeader(headers['retry-after']);
  if (value !== undefined) {
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const milliseconds = firstHeader(headers['retry-after-ms']);
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) {
    return Math.ceil(Number(milliseconds.trim())) / 1000;
  }
  return undefined;
}

/** Replaces every occurrence of the secret with `[redacted]` (no-op for absent or tiny secrets). */
export function redactSecret(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length < 4) return text;
  return text.split(secret).join('[redacted]');
}

function errorMetadata(details: UpstreamErrorDetails, context: UpstreamErrorContext): Record<string, unknown> {
  const metadata: Record<string, unknown> = { provider_name: context.providerName };
  if (details.code !== undefined) {
    metadata.provider_code = typeof details.code === 'string' ? redactSecret(details.code, context.apiKey) : details.code;
  }
  if (details.message !== undefined && details.message !== '') {
    metadata.raw_message = shorten(redactSecret(details.message, context.apiKey), RAW_MESSAGE_LIMIT);
  }
  return metadata;
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function withoutUndefined(details: { message: string | undefined; code: string | number | undefined }): UpstreamErrorDetails {
  const result: UpstreamErrorDetails = {};
  if (details.message !== undefined) result.message = details.message;
  if (details.code !== undefined) result.code = details.code;
  return result;
}
