import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }],
    models: [testModel('qwen/qwen3-32b', [{ provider: 'acme', prompt: 1, completion: 2 }])],
    billing: { credits: true },
  });
});
afterAll(async () => {
  await harness?.close();
});

async function page(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${harness.url}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function logIn(): Promise<{ cookie: string; csrf: string }> {
  const login = await page('/login', { method: 'POST', body: new URLSearchParams({ key: harness.managementKey, next: '/credits' }) });
  expect(login.status).toBe(303);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const credits = await page('/credits', { headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(credits.text)?.[1];
  if (!csrf) throw new Error('no CSRF token on the credits page');
  return { cookie, csrf };
}

describe('/credits page with billing.credits on', () => {
  it('tops up from the page: the balance, the API and the spend ledger all see it', async () => {
    const ask = () => harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 16 });
    await expect(ask()).rejects.toMatchObject({ status: 402 });

    const { cookie, csrf } = await logIn();
    const topUp = await page('/credits', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf, amount: '12.50', note: 'first top-up' }) });
    expect(topUp.status).toBe(303);
    expect((await page('/credits', { headers: { cookie } })).text).toContain('$12.5');

    const api = await fetch(`${harness.baseURL}/credits`, { headers: { authorization: `Bearer ${harness.managementKey}` } });
    expect(((await api.json()) as { data: { total_credits: number } }).data.total_credits).toBe(12.5);
    const completion = await ask();
    expect(completion.choices[0]?.message.content?.length).toBeGreaterThan(0);
  });

  it('refuses a negative or garbled amount with the reason, adding nothing', async () => {
    const { cookie, csrf } = await logIn();
    const before = await harness.gateway.context.store.credits.totalCredits();
    for (const amount of ['-3', 'ten', '0']) {
      const refused = await page('/credits', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ csrf, amount }) });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/must not be negative|must be a number of USD|must be more than 0/);
    }
    expect(await harness.gateway.context.store.credits.totalCredits()).toBe(before);
  });

  it('refuses a top-up without the CSRF token', async () => {
    const { cookie } = await logIn();
    const forged = await page('/credits', { method: 'POST', headers: { cookie }, body: new URLSearchParams({ amount: '1000' }) });
    expect(forged.status).toBeGreaterThanOrEqual(400);
  });
});
