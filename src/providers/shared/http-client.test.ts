import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { closeHttpClients, getHttpClient } from './http-client.js';

afterEach(async () => {
  await closeHttpClients(100);
});

function provider(slug: string, connectMs = 1_000) {
  return makeTestEndpoint({ baseUrl: 'http://127.0.0.1:1/v1', slug, timeouts: { connectMs } }).provider;
}

describe('getHttpClient', () => {
  it('shares one keep-alive agent per provider slug', () => {
    const first = getHttpClient(provider('a'));
    expect(first).toBeInstanceOf(Agent);
    expect(getHttpClient(provider('a'))).toBe(first);
    expect(getHttpClient(provider('b'))).not.toBe(first);
  });

  it('builds a new agent when the provider\'s timeouts change', () => {
    const first = getHttpClient(provider('a', 1_000));
    const second = getHttpClient(provider('a', 2_000));
    expect(second).not.toBe(first);
    expect(getHttpClient(provider('a', 2_000))).toBe(second);
  });

  it('closeHttpClients closes every agent and later calls start fresh', async () => {
    const first = getHttpClient(provider('a'));
    await closeHttpClients(100);
    expect((first as Agent).closed).toBe(true);
    expect(getHttpClient(provider('a'))).not.toBe(first);
  });
});
