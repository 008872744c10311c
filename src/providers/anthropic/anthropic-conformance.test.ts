import { expect } from 'vitest';
import { ANTHROPIC_MESSAGE_ID, ANTHROPIC_MODEL, anthropicConformanceResponses, anthropicMatrixFixtures } from '../test-support/anthropic-fixtures.js';
import { describeAdapterConformance } from '../test-support/adapter-conformance.js';
import { TEST_API_KEY, makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { anthropicAdapter } from './anthropic-adapter.js';

describeAdapterConformance({
  protocol: 'anthropic',
  adapter: anthropicAdapter,
  makeEndpoint: (baseUrl) => makeTestEndpoint({ baseUrl, slug: 'anthropic-conformance', name: 'Anthropic', adapter: 'anthropic', upstreamModel: ANTHROPIC_MODEL }),
  expectedMetadata: { upstreamId: ANTHROPIC_MESSAGE_ID, upstreamModel: ANTHROPIC_MODEL },
  responses: anthropicConformanceResponses,
  matrix: anthropicMatrixFixtures,
  checkRequest: (request, scenario, sent) => {
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe(TEST_API_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body).toMatchObject({ model: ANTHROPIC_MODEL, stream: sent.stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello!' }] }] });
    const body = request.body as Record<string, unknown>;
    expect(typeof body.max_tokens).toBe('number');
    if (scenario === 'tool-call') {
      expect(body.tools).toEqual([{ name: 'get_weather', description: 'Current weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }]);
    }
    if (scenario === 'reasoning-stream') expect(body.thinking).toMatchObject({ type: 'enabled' });
  },
});
