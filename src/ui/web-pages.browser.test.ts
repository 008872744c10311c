import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testModel, type TestGateway } from '../http/test-support/start-test-gateway.js';
import { apiPricePerMillion } from './pages/providers-table.js';
import { formatInteger, formatMs, formatPercent } from './format.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`web pages browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

let harness: TestGateway;
let browser: Browser;
const EVIL_TITLE = '<script>window.__pwned = 1</script>';

beforeAll(async () => {
  if (!hasChromium) return;
  const speed = { firstTokenLatencyMs: 20, tokensPerSecond: 3000 };
  harness = await startTestGateway({
    providers: [
      { slug: 'acme', name: 'Acme AI', simulator: speed },
      { slug: 'budget', name: 'Budget GPU', simulator: { ...speed, firstTokenLatencyMs: 60 } },
    ],
    models: [
      { ...testModel('thudm/glm-4-32b', [{ provider: 'acme', prompt: 0.24, completion: 0.24 }, { provider: 'budget', prompt: 0.1, completion: 0.15, maxCompletionTokens: 4096 }]), name: 'THUDM: GLM 4 32B' },
      { ...testModel('thudm/glm-4-32b:free', [{ provider: 'budget', prompt: 0, completion: 0 }]), name: 'THUDM: GLM 4 32B (free)' },
      { ...testModel('qwen/qwen3-32b', [{ provider: 'acme', prompt: 1, completion: 2 }]), name: 'Qwen: Qwen3 32B', context_length: 131072 },
    ],
  });
  // Some traffic from three apps, streamed and not, so every table and chart has data.
  const apps = ['Helpdesk Copilot', 'Docs Search', EVIL_TITLE];
  for (let index = 0; index < 9; index += 1) {
    const client = new OpenAI({ apiKey: harness.apiKey, baseURL: harness.baseURL, maxRetries: 0, defaultHeaders: { 'X-Title': apps[index % apps.length]! } });
    const model = index % 4 === 3 ? 'qwen/qwen3-32b' : 'thudm/glm-4-32b';
    if (index % 2 === 0) {
      await client.chat.completions.create({ model, messages: [{ role: 'user', content: `Question number ${index}: why is the sky blue?` }], max_tokens: 40 });
    } else {
      const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Tell me a short story.' }], max_tokens: 60, stream: true });
      for await (const chunk of stream) void chunk;
    }
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

/** A page that fails the test on any script error, dialog, or request to another host. */
async function openPage(): Promise<{ page: Page; foreignRequests: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const foreignRequests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(harness.url)) foreignRequests.push(request.url());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  // A Content-Security-Policy violation (an inline style or script) shows as a console error.
  page.on('console', (message) => {
    // (The 404 page is visited on purpose; its status is logged too.)
    if (message.type() === 'error' && !message.text().includes('status of 404')) errors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, foreignRequests, errors };
}

/** Bytes on the wire (encoded bodies plus headers) of everything one page load fetched. */
async function measureWeight(page: Page, path: string): Promise<number> {
  const requests: Promise<number>[] = [];
  const listener = (request: Request): void => {
    requests.push(request.response().then(async (response) => {
      if (!response) return 0;
      await response.finished();
      const sizes = await request.sizes();
      return sizes.responseBodySize + sizes.responseHeadersSize;
    }));
  };
  page.on('request', listener);
  await page.goto(`${harness.url}${path}`, { waitUntil: 'load' });
  page.off('request', listener);
  return (await Promise.all(requests)).reduce((sum, size) => sum + size, 0);
}

describe.skipIf(!hasChromium)('web pages in headless Chromium', () => {
  it('filters the catalog, opens a model page whose providers table matches the API, with charts and sample code', async () => {
    const { page, foreignRequests, errors } = await openPage();
    await page.goto(`${harness.url}/models`);
    await expect.poll(() => page.locator('#catalog-table tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'models.png'), fullPage: true });

    // Live search (script) hides rows; the price filter submits the form (server-side filter).
    await page.fill('input[name=q]', 'qwen');
    await expect.poll(() => page.locator('#catalog-table tbody tr:visible').count()).toBe(1);
    await page.fill('input[name=q]', '');
    await Promise.all([page.waitForURL(/price=free/), page.selectOption('select[name=price]', 'free')]);
    expect(await page.locator('#catalog-table tbody tr').count()).toBe(1);
    await Promise.all([page.waitForURL(/\/thudm\/glm-4-32b:free$/), page.click('#catalog-table a')]);
    expect(await page.locator('h1').textContent()).toBe('THUDM: GLM 4 32B (free)');
    await Promise.all([page.waitForURL(/\/thudm\/glm-4-32b$/), page.click('a[href="/thudm/glm-4-32b"]')]);

    const api = (await (await fetch(`${harness.baseURL}/models/thudm/glm-4-32b/endpoints`)).json()) as {
      data: { endpoints: { provider_name: string; context_length: number; max_completion_tokens: number | null; quantization: string; pricing: { prompt: string; completion: string }; latency_last_30m: { p50: number } | null; throughput_last_30m: { p50: number } | null; uptime_last_1d: number | null }[] };
    };
    const rowLocator = page.locator('#providers-table tbody tr');
    const rows: string[][] = [];
    for (let index = 0; index < (await rowLocator.count()); index += 1) rows.push((await rowLocator.nth(index).locator('td').allTextContents()).map((text) => text.trim()));
    expect(rows).toHaveLength(api.data.endpoints.length);
    api.data.endpoints.forEach((endpoint, index) => {
      const cells = rows[index]!;
      expect(cells[0]).toBe(endpoint.provider_name);
      expect(cells[1]).toBe(formatInteger(endpoint.context_length));
      expect(cells[2]).toBe(endpoint.max_completion_tokens === null ? '—' : formatInteger(endpoint.max_completion_tokens));
      expect(cells[3]).toBe(apiPricePerMillion(endpoint.pricing.prompt));
      expect(cells[4]).toBe(apiPricePerMillion(endpoint.pricing.completion));
      expect(cells[5]).toBe(endpoint.quantization);
      expect(cells[7]).toBe(formatMs(endpoint.latency_last_30m?.p50));
      expect(cells[9]).toBe(formatPercent(endpoint.uptime_last_1d));
    });
    // The traffic above went through this model: the live columns are filled, not dashes.
    expect(api.data.endpoints.some((endpoint) => endpoint.latency_last_30m !== null && endpoint.uptime_last_1d !== null)).toBe(true);

    // Charts drew points (uPlot replaced the placeholder with a canvas).
    for (const chart of ['chart-activity', 'chart-uptime']) {
      const element = page.locator(`[data-chart="${chart}"]`);
      await expect.poll(() => element.getAttribute('data-points')).not.toBeNull();
      expect(Number(await element.getAttribute('data-points'))).toBeGreaterThan(0);
      expect(await element.locator('canvas').count()).toBeGreaterThan(0);
    }

    // The apps table lists the apps; the <script> title is text, and never ran.
    const apps = await page.locator('#apps-table tbody td:nth-child(2)').allTextContents();
    expect(apps).toEqual(expect.arrayContaining(['Helpdesk Copilot', 'Docs Search', EVIL_TITLE]));
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

    // Sample code: tabs switch, and every sample targets this gateway's URL and the slug.
    await page.click('[role=tab][data-tab=python]');
    expect(await page.locator('[data-panel=python]').isVisible()).toBe(true);
    expect(await page.locator('[data-panel=curl]').isVisible()).toBe(false);
    for (const id of ['curl', 'python', 'typescript', 'openrouter-sdk']) {
      const code = (await page.locator(`#sample-${id}`).textContent()) ?? '';
      expect(code).toContain(`${harness.url}/api/v1`);
      expect(code).toContain('thudm/glm-4-32b');
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'model.png'), fullPage: true });

    await page.goto(`${harness.url}/rankings`);
    expect(await page.locator('#rankings-apps').textContent()).toContain(EVIL_TITLE);
    await page.screenshot({ path: join(SCREENSHOTS, 'rankings.png'), fullPage: true });
    await page.goto(`${harness.url}/providers`);
    await page.screenshot({ path: join(SCREENSHOTS, 'providers.png'), fullPage: true });
    const missing = await page.goto(`${harness.url}/thudm/does-not-exist`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');

    expect(foreignRequests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('logs in with the management key, creates a key, and sees its request in generations and activity', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${harness.url}/keys`);
    await page.waitForURL(/\/login\?next=/);
    await page.fill('input[name=key]', harness.managementKey);
    await Promise.all([page.waitForURL(/\/keys$/), page.click('form[action="/login"] button')]);
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'sb_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');

    await page.fill('#create-key input[name=name]', 'browser-made key');
    await page.fill('#create-key input[name=limit]', '10');
    await Promise.all([page.waitForLoadState('load'), page.click('#create-key button')]);
    const plaintext = (await page.locator('#new-key').textContent())?.trim() ?? '';
    expect(plaintext).toMatch(/^sk-/);
    await page.screenshot({ path: join(SCREENSHOTS, 'keys-created.png'), fullPage: true });

    const client = new OpenAI({ apiKey: plaintext, baseURL: harness.baseURL, maxRetries: 0, defaultHeaders: { 'X-Title': 'Browser Test App' } });
    const completion = await client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Name three colours.' }], max_tokens: 20 });

    await page.goto(`${harness.url}/generations`);
    const link = page.locator(`a[href="/generations/${completion.id}"]`);
    expect(await link.count()).toBe(1);
    expect(await page.locator('#generations-table tbody tr').first().textContent()).toContain('browser-made key');
    await page.screenshot({ path: join(SCREENSHOTS, 'generations.png'), fullPage: true });
    await Promise.all([page.waitForURL(new RegExp(`/generations/${completion.id}$`)), link.click()]);
    expect(await page.locator('#generation-attempts tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#generation-record').textContent()).toContain('Browser Test App');

    await page.goto(`${harness.url}/activity?days=1`);
    expect(await page.locator('#activity-by-key').textContent()).toContain('browser-made key');
    expect(await page.locator('#activity-by-model').textContent()).toContain('qwen/qwen3-32b');
    await page.screenshot({ path: join(SCREENSHOTS, 'activity.png'), fullPage: true });
    await page.goto(`${harness.url}/credits`);
    await page.screenshot({ path: join(SCREENSHOTS, 'credits.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows the content with scripts disabled', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${harness.url}/models?q=glm`);
    expect(await page.locator('#catalog-table tbody tr').count()).toBe(2);
    await page.goto(`${harness.url}/thudm/glm-4-32b`);
    expect(await page.locator('#providers-table tbody tr').count()).toBe(2);
    expect(await page.locator('#apps-table').isVisible()).toBe(true);
    // Every sample is readable (no tabs without a script), and the chart data is in a table.
    for (const id of ['curl', 'python', 'typescript', 'openrouter-sdk']) expect(await page.locator(`#sample-${id}`).isVisible()).toBe(true);
    await page.click('details summary >> nth=0');
    expect(await page.locator('details table >> nth=0').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'model-without-scripts.png'), fullPage: true });
    await context.close();
  }, 120_000);

  it('keeps every page far under 300 KB transferred (weights saved to test-artifacts/page-weights.json)', async () => {
    const weights: Record<string, number> = {};
    for (const path of ['/models', '/thudm/glm-4-32b', '/rankings', '/providers']) {
      // A fresh context: nothing cached, every asset counted.
      const context = await browser.newContext({ extraHTTPHeaders: { 'accept-encoding': 'gzip, deflate, br' } });
      const page = await context.newPage();
      weights[path] = await measureWeight(page, path);
      await context.close();
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'page-weights.json'), `${JSON.stringify(weights, null, 2)}\n`);
    console.log(`page weights (bytes transferred, cold cache): ${JSON.stringify(weights)}`);
    for (const [path, bytes] of Object.entries(weights)) {
      expect(bytes, path).toBeGreaterThan(1000);
      expect(bytes, path).toBeLessThan(300_000);
    }
  }, 120_000);
});
