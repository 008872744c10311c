import { expect } from 'vitest';
import { describeAdapterConformance } from '../test-support/adapter-conformance.js';
import { makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { OPENAI_COMPLETION_ID, OPENAI_MODEL, openAIConformanceResponses, openAIMatrixFixtures } from '../test-support/openai-fixtures.js';
import { openAIAdapter } from './openai-adapter.js';

describeAdapterConformance({
  protocol: 'openai',
  adapter: openAIAdapter,
  makeEndpoint: (baseUrl) => makeTestEndpoint({ baseUrl, slug: 'openai-conformance' }),
  expectedMetadata: { upstreamId: OPENAI_COMPLETION_ID, upstreamModel: OPENAI_MODEL },
  responses: openAIConformanceResponses,
  matrix: openAIMatrixFixtures,
  checkRequest: (request, _scenario, sent) => {
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toMatchObject({ model: 'gpt-4o-mini-2024-07-18', stream: sent.stream });
  },
});
