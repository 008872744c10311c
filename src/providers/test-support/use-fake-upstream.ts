import { afterAll, afterEach, beforeAll } from 'vitest';
import { closeHttpClients } from '../shared/http-client.js';
import { startFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream.js';

/**
 * Starts one fake upstream for the enclosing test file or describe block, clears its record
 * after each test and closes it (and the shared HTTP pools) at the end. Call at describe time;
 * read `.current` inside tests.
 */
export function useFakeUpstream(basePath = '/v1'): { readonly current: FakeUpstream } {
  let upstream: FakeUpstream | undefined;
  beforeAll(async () => {
    upstream = await startFakeUpstream(basePath);
  });
  afterEach(() => upstream?.reset());
  afterAll(async () => {
    await closeHttpClients(100);
    await upstream?.close();
  });
  return {
    get current(): FakeUpstream {
      if (upstream === undefined) throw new Error('fake upstream not started (use it inside a test)');
      return upstream;
    },
  };
}
