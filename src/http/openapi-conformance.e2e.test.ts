import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSpec, validateComponent } from '../api/test-support/openapi-validator.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }, { slug: 'backup', name: 'Backup Cloud' }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', maxCompletionTokens: 8192 }, { provider: 'backup', prompt: 0.5, completion: 1.5 }])],
  });
});
afterAll(() => harness.close());

async function call(method: string, path: string, options: { key?: string; body?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.key ?? harness.apiKey}`, ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

function expectValid(problems: string[]): void {
  expect(problems, problems.join('\n')).toEqual([]);
}

describe('responses validate against OpenRouter\'s OpenAPI spec', () => {
  it('POST /chat/completions: result, stream chunks and errors', async () => {
    const result = await call('POST', '/chat/completions', { body: { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hello' }] } });
    expect(result.status).toBe(200);
    expectValid(validateAgainstSpec('/chat/completions', 'post', 200, result.body));

    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } } }];
    const withTools = await call('POST', '/chat/completions', { body: { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'look it up' }], tools } });
    expectValid(validateAgainstSpec('/chat/completions', 'post', 200, withTools.body));

    for (const body of [{ messages: [{ role: 'user', content: 'stream it' }] }, { messages: [{ role: 'user', content: 'call it' }], tools }]) {
      const response = await fetch(`${harness.baseURL}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'thudm/glm-4-32b', stream: true, ...body }) });
      const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: ') && event !== 'data: [DONE]');
      expect(events.length).toBeGreaterThan(2);
      for (const event of events) expectValid(validateComponent('ChatStreamChunk', JSON.parse(event.slice(6))));
    }

    const bad = await call('POST', '/chat/completions', { body: { model: 'thudm/glm-4-32b', messages: [] } });
    expect(bad.status).toBe(400);
    expectValid(validateAgainstSpec('/chat/completions', 'post', 400, bad.body));
    const unauthorized = await call('POST', '/chat/completions', { key: 'sk-sb-v1-nope', body: { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'x' }] } });
    expect(unauthorized.status).toBe(401);
    expectValid(validateAgainstSpec('/chat/completions', 'post', 401, unauthorized.body));
  });

  it('GET /models, /models/{author}/{slug}/endpoints and /providers', async () => {
    const models = await call('GET', '/models');
    expectValid(validateAgainstSpec('/models', 'get', 200, models.body));
    const endpoints = await call('GET', '/models/thudm/glm-4-32b/endpoints');
    expectValid(validateAgainstSpec('/models/{author}/{slug}/endpoints', 'get', 200, endpoints.body));
    const missing = await call('GET', '/models/nobody/nothing/endpoints');
    expect(missing.status).toBe(404);
    expectValid(validateAgainstSpec('/models/{author}/{slug}/endpoints', 'get', 404, missing.body));
    const providers = await call('GET', '/providers');
    expectValid(validateAgainstSpec('/providers', 'get', 200, providers.body));
  });

  it('GET /generation, /key, /credits', async () => {
    const completion = (await call('POST', '/chat/completions', { body: { model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hello' }] } })).body as { id: string };
    const generation = await call('GET', `/generation?id=${completion.id}`);
    expect(generation.status).toBe(200);
    expectValid(validateAgainstSpec('/generation', 'get', 200, generation.body));
    const key = await call('GET', '/key');
    expectValid(validateAgainstSpec('/key', 'get', 200, key.body));
    const credits = await call('GET', '/credits', { key: harness.managementKey });
    expectValid(validateAgainstSpec('/credits', 'get', 200, credits.body));
  });

  it('the /keys management API', async () => {
    const created = await call('POST', '/keys', { key: harness.managementKey, body: { name: 'Spec check', limit: 12.5, limit_reset: 'monthly' } });
    expect(created.status).toBe(201);
    expectValid(validateAgainstSpec('/keys', 'post', 201, created.body));
    const { hash } = (created.body as { data: { hash: string } }).data;
    const list = await call('GET', '/keys', { key: harness.managementKey });
    expectValid(validateAgainstSpec('/keys', 'get', 200, list.body));
    const one = await call('GET', `/keys/${hash}`, { key: harness.managementKey });
    expectValid(validateAgainstSpec('/keys/{hash}', 'get', 200, one.body));
    const patched = await call('PATCH', `/keys/${hash}`, { key: harness.managementKey, body: { disabled: true, limit: null } });
    expectValid(validateAgainstSpec('/keys/{hash}', 'patch', 200, patched.body));
    const deleted = await call('DELETE', `/keys/${hash}`, { key: harness.managementKey });
    expectValid(validateAgainstSpec('/keys/{hash}', 'delete', 200, deleted.body));
  });
});
