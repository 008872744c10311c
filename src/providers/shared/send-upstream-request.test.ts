import { afterAll, describe, expect, it } from 'vitest';
import { findClosedPort, startSilentServer } from '../test-support/fake-upstream.js';
import { makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { rejectionOf } from '../test-support/stream-helpers.js';
import { closeHttpClients } from './http-client.js';
import { sendUpstreamRequest } from './send-upstream-request.js';

afterAll(async () => {
  await closeHttpClients(100);
});

const body = { url: '', headers: { 'content-type': 'application/json' }, body: '{}' };

describe('sendUpstreamRequest transport failures', () => {
  it('a TLS handshake that never completes hits the provider\'s connect timeout', async () => {
    const silent = await startSilentServer();
    try {
      const { provider } = makeTestEndpoint({ baseUrl: `https://127.0.0.1:${silent.port}/v1`, slug: 'silent', timeouts: { connectMs: 150 } });
      const started = Date.now();
      const error = await rejectionOf(sendUpstreamRequest(provider, { ...body, url: `https://127.0.0.1:${silent.port}/v1/chat/completions` }, new AbortController().signal));
      expect(error).toMatchObject({ kind: 'upstream_connection', metadata: { transport_code: 'UND_ERR_CONNECT_TIMEOUT' } });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it('a refused connection is upstream_connection', async () => {
    const port = await findClosedPort();
    const { provider } = makeTestEndpoint({ baseUrl: `http://127.0.0.1:${port}/v1`, slug: 'refused' });
    const error = await rejectionOf(sendUpstreamRequest(provider, { ...body, url: `http://127.0.0.1:${port}/v1/chat/completions` }, new AbortController().signal));
    expect(error).toMatchObject({ kind: 'upstream_connection', message: 'Could not reach Fake Provider: connection refused' });
  });

  it('an already-aborted signal never sends and is cancelled', async () => {
    const port = await findClosedPort();
    const { provider } = makeTestEndpoint({ baseUrl: `http://127.0.0.1:${port}/v1`, slug: 'aborted' });
    const controller = new AbortController();
    controller.abort();
    const error = await rejectionOf(sendUpstreamRequest(provider, { ...body, url: `http://127.0.0.1:${port}/v1/x` }, controller.signal));
    expect(error.kind).toBe('cancelled');
  });
});
