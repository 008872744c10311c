import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { classifyTransportError } from './classify-transport-error.js';

function withCode(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const context = { providerName: 'Acme' };

describe('classifyTransportError', () => {
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'upstream_connection'],
    ['ECONNREFUSED', 'upstream_connection'],
    ['ECONNRESET', 'upstream_connection'],
    ['UND_ERR_SOCKET', 'upstream_connection'],
    ['ENOTFOUND', 'upstream_connection'],
    ['UND_ERR_HEADERS_TIMEOUT', 'upstream_timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'upstream_timeout'],
    ['UND_ERR_ABORTED', 'cancelled'],
    ['UND_ERR_INVALID_ARG', 'internal'],
  ])('%s → %s', (code, kind) => {
    const error = classifyTransportError(withCode(code), context);
    expect(error.kind).toBe(kind);
  });

  it('finds the code inside an AggregateError (happy-eyeballs connect) and a cause chain', () => {
    const aggregate = Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'), { code: undefined });
    expect(classifyTransportError(aggregate, context)).toMatchObject({ kind: 'upstream_connection', metadata: { transport_code: 'ECONNREFUSED' } });
    const wrapped = new TypeError('fetch failed', { cause: withCode('ECONNRESET') });
    expect(classifyTransportError(wrapped, context)).toMatchObject({ kind: 'upstream_connection', message: 'Could not reach Acme: connection reset' });
  });

  it('an abort by our signal is cancelled, whatever undici threw', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyTransportError(withCode('UND_ERR_SOCKET'), { ...context, signal: controller.signal }).kind).toBe('cancelled');
  });

  it('an abort whose reason is a GatewayError returns that reason itself', () => {
    const controller = new AbortController();
    const reason = new GatewayError('upstream_timeout', 'no first token in 10s');
    controller.abort(reason);
    expect(classifyTransportError(reason, { ...context, signal: controller.signal })).toBe(reason);
    expect(classifyTransportError(new DOMException('aborted', 'AbortError'), { ...context, signal: controller.signal })).toBe(reason);
  });

  it('an AbortError without our signal is still cancelled; unknown errors are connection failures', () => {
    expect(classifyTransportError(new DOMException('aborted', 'AbortError'), context).kind).toBe('cancelled');
    expect(classifyTransportError(new Error('weird'), context)).toMatchObject({ kind: 'upstream_connection', message: 'Connection to Acme failed' });
  });

  it('passes GatewayErrors through unchanged', () => {
    const error = new GatewayError('upstream_invalid_response', 'bad');
    expect(classifyTransportError(error, context)).toBe(error);
  });
});
