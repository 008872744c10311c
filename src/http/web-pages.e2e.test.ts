import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [
      { slug: 'acme', name: 'Acme AI', simulator: { tokensPerSecond: 5000 } },
      { slug: 'budget', name: 'Budget GPU', simulator: { tokensPerSecond: 5000 } },
    ],
    models: [
      { ...testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 0.24, completion: 0.24 }, { provider: 'budget', prompt: 0.1, completion: 0.15 }]), description: 'A <b>bold</b> model & friends' },
      testModel('thudm/glm-4-32b:free', [{ provider: 'budget', prompt: 0, completion: 0 }]),
      { ...testModel('qwen/qwen3-32b', [{ provider: 'acme', prompt: 1, completion: 2 }]), context_length: 131072 },
    ],
  });
  const titled = new OpenAI({ apiKey: harness.apiKey, baseURL: harness.baseURL, maxRetries: 0, defaultHeaders: { 'X-Title': '<script>alert(1)</script>', 'HTTP-Referer': 'https://evil.example/"onmouseover="x' } });
  await titled.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Hello there' }], max_tokens: 16 });
  await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8 });
});
afterAll(async () => {
  await harness?.close();
});

async function page(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${harness.url}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** A GET with exactly these headers (fetch would set its own Host and decode the body). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${harness.url}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

/** Logs in through the form and returns the session cookie and the CSRF token of the keys page. */
async function logIn(): Promise<{ cookie: string; csrf: string }> {
  const login = await page('/login', { method: 'POST', body: new URLSearchParams({ key: harness.managementKey, next: '/keys' }) });
  expect(login.status).toBe(303);
  const setCookie = login.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(';')[0]!;
  const keys = await page('/keys', { headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(keys.text)?.[1];
  expect(csrf).toBeTruthy();
  return { cookie, csrf: csrf! };
}

describe('public pages', () => {
  it('renders the catalog with every model, and filters on the server', async () => {
    const all = await page('/models');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/text\/html/);
    for (const id of ['thudm/glm-4-32b', 'thudm/glm-4-32b:free', 'qwen/qwen3-32b']) expect(all.text).toContain(`href="/${id}"`);
    const free = await page('/models?price=free');
    expect(free.text).toContain('href="/thudm/glm-4-32b:free"');
    expect(free.text).not.toContain('href="/qwen/qwen3-32b"');
    const search = await page('/models?q=qwen&context=100000&sort=context');
    expect(search.text).toContain('href="/qwen/qwen3-32b"');
    expect(search.text).not.toContain('href="/thudm/glm-4-32b"');
  });

  it('ignores odd query values', async () => {
    const odd = await page('/models?context=-5&price=abc&sort=%3Cscript%3E&provider=nope&input=x&q[]=1&uptime=zzz');
    expect(odd.status).toBe(200);
    for (const id of ['thudm/glm-4-32b', 'qwen/qwen3-32b']) expect(odd.text).toContain(`href="/${id}"`);
    expect((await page('/thudm/glm-4-32b?uptime=%00&x=%ff')).status).toBe(200);
    expect((await page('/rankings?period=decade')).status).toBe(200);
  });

  it('compresses pages when the client accepts gzip', async () => {
    const { headers, body: raw } = await rawGet('/models', { 'accept-encoding': 'gzip' });
    expect(headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(raw).toString('utf8')).toContain('<h1>Models</h1>');
  });

  it('shows the model page with the providers table built from the endpoints API', async () => {
    const api = (await (await fetch(`${harness.baseURL}/models/thudm/glm-4-32b/endpoints`)).json()) as { data: { endpoints: { provider_name: string; uptime_last_1d: number | null; latency_last_30m: unknown }[] } };
    // With live figures filled in, the endpoints API still matches OpenRouter's schema.
    expect(api.data.endpoints.some((endpoint) => endpoint.latency_last_30m !== null)).toBe(true);
    expect(validateAgainstSpec('/models/{author}/{slug}/endpoints', 'get', 200, api)).toEqual([]);
    const model = { text: (await rawGet('/thudm/glm-4-32b', { host: 'gateway.test:8080' })).body.toString('utf8') };
    expect(model.text).toContain('<h1>thudm/glm-4-32b</h1>');
    for (const endpoint of api.data.endpoints) expect(model.text).toContain(`<td>${endpoint.provider_name}`);
    // Both endpoints were tried once by the single request; the API and the page agree on it.
    expect(api.data.endpoints.some((endpoint) => endpoint.uptime_last_1d === 100)).toBe(true);
    expect(model.text).toContain('100%');
    expect(model.text).toContain('href="/thudm/glm-4-32b:free"');
    expect(model.text).toContain('http://gateway.test:8080/api/v1/chat/completions');
    expect(model.text).toContain('base_url=&quot;http://gateway.test:8080/api/v1&quot;');
  });

  it('has sample code that runs as copied (curl and the TypeScript openai program)', async () => {
    const model = await page('/thudm/glm-4-32b');
    const sample = (id: string): string => {
      const escaped = new RegExp(`<code id="sample-${id}">([\\s\\S]*?)</code>`).exec(model.text)?.[1] ?? '';
      return escaped.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    };
    const run = promisify(execFile);
    const env = { ...process.env, SWITCHBOARD_API_KEY: harness.apiKey };
    const curl = await run('bash', ['-c', sample('curl')], { env });
    expect(JSON.parse(curl.stdout)).toMatchObject({ object: 'chat.completion', model: 'thudm/glm-4-32b' });
    // Inside the repository, so `import OpenAI from 'openai'` resolves from node_modules.
    const directory = join(process.cwd(), 'test-artifacts', 'samples');
    mkdirSync(directory, { recursive: true });
    const file = join(directory, 'typescript-openai-sample.mjs');
    writeFileSync(file, sample('typescript'));
    const node = await run(process.execPath, [file], { env });
    expect(node.stdout.trim().length).toBeGreaterThan(0);
  });

  it('escapes every user-supplied string', async () => {
    const model = await page('/thudm/glm-4-32b');
    expect(model.text).not.toContain('<script>alert(1)</script>');
    expect(model.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(model.text).toContain('A &lt;b&gt;bold&lt;/b&gt; model &amp; friends');
    expect(model.text).not.toContain('"onmouseover="x');
    const rankings = await page('/rankings');
    expect(rankings.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rankings.text).not.toContain('<script>alert');
    expect(model.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('gives unknown slugs and paths a real 404 page, and keeps JSON 404s for the API', async () => {
    const missing = await page('/thudm/no-such-model');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<h1>Not found</h1>');
    const deep = await page('/a/b/c', { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(404);
    expect(deep.text).toContain('<h1>Not found</h1>');
    const api = await page('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text)).toMatchObject({ error: { code: 404 } });
  });

  it('serves uPlot and the page assets from the gateway itself', async () => {
    const script = await page('/assets/uplot.min.js');
    expect(script.status).toBe(200);
    expect(script.text).toContain('uPlot');
    expect((await page('/assets/switchboard.js')).headers.get('content-type')).toMatch(/javascript/);
    expect((await page('/assets/nothing.js')).status).toBe(404);
  });

  it('lists providers with their endpoints and rankings with models and apps', async () => {
    const providers = await page('/providers');
    expect(providers.text).toContain('Acme AI');
    expect(providers.text).toContain('Budget GPU');
    const rankings = await page('/rankings?period=day');
    expect(rankings.text).toContain('href="/qwen/qwen3-32b"');
  });
});

describe('management pages', () => {
  it('redirect to the login form without a session and refuse a wrong key', async () => {
    const keys = await page('/keys');
    expect(keys.status).toBe(303);
    expect(keys.headers.get('location')).toBe('/login?next=%2Fkeys');
    const wrong = await page('/login', { method: 'POST', body: new URLSearchParams({ key: harness.apiKey }) });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('not a management key');
  });

  it('never redirects off-site after login', async () => {
    const login = await page('/login', { method: 'POST', body: new URLSearchParams({ key: harness.managementKey, next: '//evil.example/' }) });
    expect(login.headers.get('location')).toBe('/keys');
  });

  it('creates a key (plaintext shown once), refuses posts without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await logIn();
    const forged = await page('/keys', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ name: 'forged' }) });
    expect(forged.status).toBe(403);
    const crossSite = await page('/keys', { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, body: new URLSearchParams({ name: 'x', csrf }) });
    expect(crossSite.status).toBe(403);
    const posted = await page('/keys', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ name: '<img src=x>', limit: '5', csrf }) });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/keys');
    const created = await page('/keys', { headers: { cookie } });
    const plaintext = /id="new-key">([^<]+)</.exec(created.text)?.[1];
    expect(plaintext).toMatch(/^sk-/);
    expect(created.text).toContain('&lt;img src=x&gt;');
    const again = await page('/keys', { headers: { cookie } });
    expect(again.text).not.toContain(plaintext!);
    const client = new OpenAI({ apiKey: plaintext!, baseURL: harness.baseURL, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Ping' }], max_tokens: 4 });
    const generations = await page('/generations', { headers: { cookie } });
    expect(generations.text).toContain(`href="/generations/${completion.id}"`);
    const record = await page(`/generations/${completion.id}`, { headers: { cookie } });
    expect(record.text).toContain('Attempts');
    const activity = await page('/activity?days=1', { headers: { cookie } });
    expect(activity.text).toContain('&lt;img src=x&gt;');
  });

  it('disables a key from the page', async () => {
    const { cookie, csrf } = await logIn();
    const created = await harness.gateway.context.keys.create({ name: 'to-disable', limit: null, limitReset: null, expiresAt: null, isManagement: false });
    const disabled = await page(`/keys/${created.record.hash}/disable`, { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf }) });
    expect(disabled.status).toBe(303);
    expect((await harness.gateway.context.store.keys.getKey(created.record.hash))?.disabled).toBe(true);
    const client = new OpenAI({ apiKey: created.plaintext, baseURL: harness.baseURL, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401 });
  });

  it('logs out: the session no longer opens management pages', async () => {
    const { cookie, csrf } = await logIn();
    expect((await page('/logout', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf }) })).status).toBe(303);
    expect((await page('/credits', { headers: { cookie } })).status).toBe(303);
  });
});
