import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    bodyLimitBytes: 64 * 1024,
    providers: [{ slug: 'acme', name: 'Acme AI' }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', contextLength: 4096, maxCompletionTokens: 1024 }])],
  });
});
afterAll(() => harness.close());

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; generationId: string | null; body: { error: { code: number; message: string; metadata?: Record<string, unknown> } }; text: string }> {
  const response = await fetch(`${harness.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, generationId: response.headers.get('x-generation-id'), body: JSON.parse(text) as { error: { code: number; message: string } }, text };
}

const valid = { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] };

describe('bad input gets a clear 4xx in the error envelope, and nothing is metered or sent upstream', () => {
  const cases: { name: string; body: string; headers?: Record<string, string>; status: number; message: RegExp }[] = [
    { name: 'malformed JSON', body: '{"model": "thudm/glm-4-32b", "messages": [', status: 400, message: /not valid JSON/ },
    { name: 'a JSON array', body: '[1,2]', status: 400, message: /JSON object/ },
    { name: 'messages of the wrong type', body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: 'hi' }), status: 400, message: /^Invalid request: messages: / },
    { name: 'temperature as a string', body: JSON.stringify({ ...valid, temperature: 'hot' }), status: 400, message: /temperature/ },
    { name: 'temperature out of range', body: JSON.stringify({ ...valid, temperature: 7 }), status: 400, message: /temperature/ },
    { name: 'empty messages', body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [] }), status: 400, message: /messages must contain at least one message/ },
    { name: 'an unknown role', body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'robot', content: 'x' }] }), status: 400, message: /messages\[0\]/ },
    { name: 'an unknown model', body: JSON.stringify({ ...valid, model: 'acme/unknown-model' }), status: 400, message: /acme\/unknown-model is not a valid model ID/ },
    { name: 'an unknown variant', body: JSON.stringify({ ...valid, model: 'thudm/glm-4-32b:turbo' }), status: 400, message: /unknown variant ":turbo"/ },
    { name: 'no model at all', body: JSON.stringify({ messages: valid.messages }), status: 400, message: /model: a model slug is required/ },
    { name: 'max_tokens above every endpoint', body: JSON.stringify({ ...valid, max_tokens: 5000 }), status: 404, message: /max_tokens 5000 exceeds/ },
    { name: 'a body over the limit', body: JSON.stringify({ ...valid, messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] }), status: 413, message: /larger than the limit of 65536 bytes/ },
    { name: 'no API key', body: JSON.stringify(valid), headers: { authorization: '' }, status: 401, message: /Missing Authorization header/ },
    { name: 'a wrong API key', body: JSON.stringify(valid), headers: { authorization: 'Bearer sk-sb-v1-0000' }, status: 401, message: /Invalid API key/ },
  ];

  for (const testCase of cases) {
    it(`rejects ${testCase.name}`, async () => {
      const before = harness.simulators.acme!.stats.requests;
      const result = await post(testCase.body, testCase.headers);
      expect(result.status).toBe(testCase.status);
      expect(result.generationId).toMatch(/^gen-/);
      expect(result.body.error.code).toBe(testCase.status);
      expect(result.body.error.message).toMatch(testCase.message);
      expect(result.text).not.toMatch(/at .*\.(js|ts):\d+/);
      expect(harness.simulators.acme!.stats.requests).toBe(before);
    });
  }

  it('explains which filter removed which endpoint when none is left', async () => {
    const result = await post(JSON.stringify({ ...valid, max_tokens: 5000 }));
    expect(result.body.error.metadata).toMatchObject({ removed_endpoints: [{ endpoint: 'thudm/glm-4-32b@acme', provider: 'acme', reason: expect.stringContaining('max completion tokens 1024') }] });
  });

  it('meters nothing for rejected requests', async () => {
    const key = (await (await fetch(`${harness.baseURL}/key`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: { usage: number } };
    expect(key.data.usage).toBe(0);
  });

  it('refuses inference with a management key, and key management with an API key', async () => {
    const management = new OpenAI({ apiKey: harness.managementKey, baseURL: harness.baseURL, maxRetries: 0 });
    const error = await management.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
    const keys = await fetch(`${harness.baseURL}/keys`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(keys.status).toBe(401);
  });

  it('refuses a key once it is disabled, at once', async () => {
    const created = (await (await fetch(`${harness.baseURL}/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'short-lived' }) })).json()) as { key: string; data: { hash: string } };
    const client = new OpenAI({ apiKey: created.key, baseURL: harness.baseURL, maxRetries: 0 });
    await client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] });
    const patch = await fetch(`${harness.baseURL}/keys/${created.data.hash}`, { method: 'PATCH', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ disabled: true }) });
    expect(patch.status).toBe(200);
    const error = await client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('disabled');
  });

  it('rejects absurd or negative key limits with a 400', async () => {
    for (const limit of [-1, 'ten', 1e12]) {
      const response = await fetch(`${harness.baseURL}/keys`, { method: 'POST', headers: { authorization: `Bearer ${harness.managementKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', limit }) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
    }
  });
});
