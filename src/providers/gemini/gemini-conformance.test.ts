import { expect } from 'vitest';
import { describeAdapterConformance } from '../test-support/adapter-conformance.js';
import { TEST_API_KEY, makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { GEMINI_MODEL, GEMINI_RESPONSE_ID, geminiConformanceResponses, geminiMatrixFixtures } from '../test-support/gemini-fixtures.js';
import { geminiAdapter } from './gemini-adapter.js';

describeAdapterConformance({
  protocol: 'gemini',
  adapter: geminiAdapter,
  basePath: '/v1beta',
  makeEndpoint: (baseUrl) => makeTestEndpoint({ baseUrl, slug: 'gemini-conformance', adapter: 'gemini', upstreamModel: GEMINI_MODEL }),
  expectedMetadata: { upstreamId: GEMINI_RESPONSE_ID, upstreamModel: GEMINI_MODEL },
  responses: geminiConformanceResponses,
  matrix: geminiMatrixFixtures,
  checkRequest: (request, _scenario, sent) => {
    expect(request.path).toBe(sent.stream ? `/v1beta/models/${GEMINI_MODEL}:streamGenerateContent?alt=sse` : `/v1beta/models/${GEMINI_MODEL}:generateContent`);
    expect(request.headers['x-goog-api-key']).toBe(TEST_API_KEY);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toMatchObject({ contents: [{ role: 'user', parts: [{ text: 'Hello!' }] }] });
  },
});
