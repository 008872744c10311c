import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../catalog/load-config.js';
import { catalogImportCommand } from './catalog-import-command.js';

const EXCERPT = new URL('../catalog/import/test-support/openrouter-models-excerpt.json', import.meta.url).pathname;

let dir: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('switchboard catalog import', () => {
  it('writes a new config with the OpenRouter provider (key from the environment) and the imported models', async () => {
    const out = join(dir, 'switchboard.yaml');
    expect(await catalogImportCommand({ file: EXCERPT, out })).toBe(true);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('api_key: ${OPENROUTER_API_KEY}');
    expect(text).toContain('prompt: "0.15"');
    expect(stderr).toContain('imported 4 models on provider "openrouter"');
    expect(stderr).toContain('skipped openrouter/auto: pricing.prompt "-1" is not a fixed price');
    const loaded = await loadConfigFile(out, { environment: { OPENROUTER_API_KEY: 'sk-or-v1-test' } });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect([...loaded.catalog.models.keys()]).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-3.5-haiku', 'google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct:free']);
    expect(loaded.catalog.providers.get('openrouter')).toMatchObject({ baseUrl: 'https://openrouter.ai/api/v1', apiKey: 'sk-or-v1-test' });
  });

  it('adds to an existing config on its own provider, keeping its comments and its own models', async () => {
    const out = join(dir, 'switchboard.yaml');
    writeFileSync(
      out,
      [
        '# my gateway',
        'providers:',
        '  - slug: proxy # an OpenRouter-compatible proxy',
        '    name: Proxy',
        '    adapter: openai',
        '    base_url: http://127.0.0.1:9300/v1',
        'models:',
        '  - id: openai/gpt-4o-mini',
        '    name: Mine',
        '    created: 2024-07-18',
        '    context_length: 128000',
        '    endpoints:',
        '      - { provider: proxy, upstream_model: gpt-4o-mini, pricing: { prompt: 0.1, completion: 0.5 } }',
        '',
      ].join('\n'),
    );
    expect(await catalogImportCommand({ file: EXCERPT, provider: 'proxy', out })).toBe(true);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# my gateway');
    expect(text).toContain('# an OpenRouter-compatible proxy');
    expect(stderr).toContain('skipped openai/gpt-4o-mini: already in the config (kept as it is)');
    const loaded = await loadConfigFile(out, { environment: {} });
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.catalog.models.get('openai/gpt-4o-mini')!.name).toBe('Mine');
    expect(loaded.catalog.models.get('anthropic/claude-3.5-haiku')!.endpoints[0]).toMatchObject({ tag: 'proxy', upstreamModel: 'anthropic/claude-3.5-haiku' });
  });

  it('refuses a provider that is neither in the config nor a preset, and writes nothing', async () => {
    const out = join(dir, 'switchboard.yaml');
    expect(await catalogImportCommand({ file: EXCERPT, provider: 'nowhere', out })).toBe(false);
    expect(stderr).toContain('provider "nowhere" is neither defined');
    expect(() => readFileSync(out)).toThrow();
  });
});
