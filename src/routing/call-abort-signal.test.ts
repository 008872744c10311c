import { describe, expect, it } from 'vitest';
import { GatewayError } from '../spec/errors.js';
import { CallAbortSignal } from './call-abort-signal.js';

describe('CallAbortSignal', () => {
  it('runs its listeners once, in order, and keeps the first reason', () => {
    const signal = new CallAbortSignal();
    const calls: string[] = [];
    const removed = (): void => {
      calls.push('removed');
    };
    signal.addEventListener('abort', () => calls.push(`first:${String((signal.reason as GatewayError).kind)}`));
    signal.addEventListener('abort', removed);
    signal.addEventListener('abort', () => calls.push('second'));
    signal.removeEventListener('abort', removed);
    expect(signal.aborted).toBe(false);
    signal.abort(new GatewayError('upstream_timeout', 'No first token within 10 ms'));
    signal.abort(new GatewayError('cancelled', 'The client closed the connection'));
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toMatchObject({ kind: 'upstream_timeout' });
    expect(calls).toEqual(['first:upstream_timeout', 'second']);
  });

  it('ignores listeners added after it fired', () => {
    const signal = new CallAbortSignal();
    signal.abort('done');
    let called = false;
    signal.addEventListener('abort', () => {
      called = true;
    });
    signal.abort('again');
    expect(called).toBe(false);
  });
});
