import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readErrorDetails, readErrorPayload, redactSecret, upstreamHttpError, upstreamReportedError } from './upstream-error.js';

const context = { providerName: 'Acme', apiKey: 'sk-live-abcdef123456' };

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '30' }, now)).toBe(30);
    expect(parseRetryAfter({ 'retry-after': ' 0 ' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': '1.5' }, now)).toBe(1.5);
  });

  it('reads an HTTP date, rounding up, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 12:00:42 GMT' }, now)).toBe(42);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 12:00:41 GMT' }, now + 500)).toBe(41);
    expect(parseRetryAfter({ 'retry-after': 'Sat, 01 Mar 2025 11:00:00 GMT' }, now)).toBe(0);
  });

  it('falls back to retry-after-ms and ignores garbage', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '1500' }, now)).toBe(1.5);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': ['12', '99'] }, now)).toBe(12);
  });
});

describe('readErrorDetails', () => {
  it.each([
    ['OpenAI', { error: { message: 'Bad value', type: 'invalid_request_error', param: 'top_p', code: 'invalid_value' } }, { message: 'Bad value', code: 'invalid_value' }],
    ['OpenAI without code', { error: { message: 'Overloaded', type: 'server_error', param: null, code: null } }, { message: 'Overloaded', code: 'server_error' }],
    ['OpenRouter', { error: { code: 429, message: 'Rate limited', metadata: {} } }, { message: 'Rate limited', code: 429 }],
    ['llama.cpp', { error: 'model not loaded' }, { message: 'model not loaded' }],
    ['vLLM', { object: 'error', message: 'max_tokens too large', type: 'BadRequestError', param: null, code: 400 }, { message: 'max_tokens too large', code: 400 }],
    ['FastAPI', { detail: 'Not Found' }, { message: 'Not Found' }],
  ])('reads the %s envelope', (_name, body, expected) => {
    expect(readErrorDetails(JSON.stringify(body))).toEqual(expected);
  });

  it('turns a non-JSON body into a one-line message, and an empty body into nothing', () => {
    expect(readErrorDetails('<h1>Bad\n  Gateway</h1>\n')).toEqual({ message: '<h1>Bad Gateway</h1>' });
    expect(readErrorDetails('')).toEqual({});
  });

  it('finds no error in an ordinary object', () => {
    expect(readErrorPayload({ id: 'x', choices: [] })).toBeUndefined();
  });
});

describe('upstreamHttpError', () => {
  it('maps 401, 402 and 403 to upstream_auth and keeps the message in metadata only', () => {
    for (const status of [401, 402, 403]) {
      const error = upstreamHttpError(status, {}, { message: 'Invalid key', code: 'invalid_api_key' }, context);
      expect(error).toMatchObject({ kind: 'upstream_auth', status: 502, upstreamStatus: status });
      expect(error.message).toBe(`Acme rejected the gateway's credentials (HTTP ${status})`);
      expect(error.metadata).toEqual({ provider_name: 'Acme', provider_code: 'invalid_api_key', raw_message: 'Invalid key' });
    }
  });

  it('keeps 4xx statuses for the client and renders 5xx as 502', () => {
    expect(upstreamHttpError(404, {}, {}, context)).toMatchObject({ kind: 'upstream_http', status: 404, upstreamStatus: 404, message: 'Acme returned HTTP 404' });
    expect(upstreamHttpError(529, {}, {}, context)).toMatchObject({ kind: 'upstream_http', status: 502, upstreamStatus: 529 });
  });

  it('scrubs the key and shortens long messages', () => {
    const message = `key ${context.apiKey} is wrong ${'x'.repeat(1000)}`;
    const error = upstreamHttpError(400, {}, { message }, context);
    const raw = String(error.metadata?.raw_message);
    expect(raw.startsWith('key [redacted] is wrong')).toBe(true);
    expect(raw.length).toBeLessThanOrEqual(500);
    expect(error.message).not.toContain(context.apiKey);
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('upstreamReportedError', () => {
  it('treats an HTTP-like numeric code as that status', () => {
    expect(upstreamReportedError({ message: 'Unauthorized', code: 401 }, context)).toMatchObject({ kind: 'upstream_auth', upstreamStatus: 401 });
  });

  it('otherwise is upstream_http without an upstream status', () => {
    const error = upstreamReportedError({ message: 'boom', code: 'server_error' }, context);
    expect(error).toMatchObject({ kind: 'upstream_http', status: 502, upstreamStatus: undefined, message: 'Acme reported an error: boom' });
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence and ignores missing or tiny secrets', () => {
    expect(redactSecret('a SECRET b SECRET', 'SECRET')).toBe('a [redacted] b [redacted]');
    expect(redactSecret('abc', undefined)).toBe('abc');
    expect(redactSecret('a b', 'a')).toBe('a b');
  });
});
