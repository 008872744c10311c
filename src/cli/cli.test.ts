import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The compiled CLI, as `npm start` and the `switchboard` bin run it (npm test builds first).
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
}

function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? workdir(), env: { ...process.env, ...options.env }, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeConfig(dir: string, providerSlugInEndpoint = 'acme'): string {
  const path = join(dir, 'switchboard.yaml');
  writeFileSync(
    path,
    `server: { host: 127.0.0.1, port: 8080 }
store: { url: sqlite:${join(dir, 'data', 'gateway.db')} }
providers:
  - slug: acme
    name: Acme AI
    adapter: openai
    base_url: http://127.0.0.1:9/v1
    api_key: \${ACME_API_KEY:-}
models:
  - id: thudm/glm-4-32b
    name: "THUDM: GLM 4 32B"
    created: 2025-04-17
    context_length: 32768
    endpoints:
      - provider: ${providerSlugInEndpoint}
        upstream_model: glm-4-32b-0414
        pricing: { prompt: 0.24, completion: 0.24 }
`,
  );
  return path;
}

/** Starts the CLI in the background and resolves with its stdout once `marker` appeared. */
function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }, marker: RegExp): Promise<{ child: ChildProcess; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });
  running.push(child);
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not print ${String(marker)}:\n${stdout}\n${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (marker.test(stdout)) {
        clearTimeout(timer);
        resolvePromise({ child, stdout });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}:\n${stdout}\n${stderr}`)));
  });
}

describe('switchboard validate-config', () => {
  it('accepts a valid file and exits 0', () => {
    const result = runCli(['validate-config', writeConfig(workdir())]);
    expect(result.stdout).toContain('valid (1 providers, 1 models)');
    expect(result.status).toBe(0);
  });

  it('lists path-scoped problems and exits non-zero', () => {
    const result = runCli(['validate-config', writeConfig(workdir(), 'acne')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('models[0].endpoints[0].provider: unknown provider "acne"');
  });

  it('refuses to serve a wrong config, with the same messages', () => {
    const dir = workdir();
    const result = runCli(['serve', '--config', writeConfig(dir, 'acne'), '--port', '0'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('models[0].endpoints[0].provider: unknown provider "acne"');
  });
});

describe('switchboard keys', () => {
  it('creates, lists and disables keys in the configured store', () => {
    const dir = workdir();
    const config = writeConfig(dir);
    const created = runCli(['keys', 'create', '--name', 'ci-bot', '--limit', '12.5', '--config', config]);
    expect(created.status).toBe(0);
    const key = /key:\s+(sk-sb-v1-[0-9a-f]{64})/.exec(created.stdout)?.[1];
    const hash = /hash:\s+([0-9a-f]{64})/.exec(created.stdout)?.[1];
    expect(key).toBeTruthy();
    expect(hash).toBeTruthy();
    const listed = runCli(['keys', 'list', '--config', config]);
    expect(listed.stdout).toContain(hash!);
    expect(listed.stdout).toContain('limit $12.5');
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(key!);
    const disabled = runCli(['keys', 'disable', hash!, '--config', config]);
    expect(disabled.status).toBe(0);
    expect(runCli(['keys', 'list', '--config', config]).stdout).toMatch(new RegExp(`${hash!}.*disabled`));
  });

  it('creates a key with a resetting limit and an expiry, refusing bad values', () => {
    const config = writeConfig(workdir());
    const created = runCli(['keys', 'create', '--name', 'weekly', '--limit', '12.5', '--limit-reset', 'weekly', '--expires', '2030-01-01T00:00:00Z', '--config', config]);
    expect(created.status, created.stderr).toBe(0);
    expect(runCli(['keys', 'list', '--config', config]).stdout).toContain('limit $12.5');
    const badReset = runCli(['keys', 'create', '--name', 'x', '--limit-reset', 'yearly', '--config', config]);
    expect(badReset.status).toBe(1);
    expect(badReset.stderr).toContain('--limit-reset must be daily, weekly or monthly');
    const absurd = runCli(['keys', 'create', '--name', 'x', '--limit', '1e15', '--config', config]);
    expect(absurd.stderr).toContain('--limit must be at most');
  });

  it('rejects a negative limit', () => {
    const result = runCli(['keys', 'create', '--name', 'x', '--limit', '-3', '--config', writeConfig(workdir())]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--limit');
  });
});

describe('switchboard credits', () => {
  it('adds credits to the configured store and refuses a bad amount', () => {
    const config = writeConfig(workdir());
    const first = runCli(['credits', 'add', '25.50', '--note', 'invoice 1042', '--config', config]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('added $25.5; total credits $25.5, used $0');
    expect(runCli(['credits', 'add', '10', '--config', config]).stdout).toContain('total credits $35.5');
    const bad = runCli(['credits', 'add', 'ten', '--config', config]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('USD must be a number of USD');
    expect(runCli(['credits', 'add', '0', '--config', config]).stderr).toContain('must be more than 0');
  });
});

describe('switchboard serve', () => {
  it('serves a config on the --port given, answers /health, and accepts SWITCHBOARD_MANAGEMENT_KEY', async () => {
    const dir = workdir();
    const { stdout } = await startCli(['serve', '--config', writeConfig(dir), '--port', '0'], { cwd: dir, env: { SWITCHBOARD_MANAGEMENT_KEY: 'sk-sb-v1-operator-secret' } }, /listening on (http:\/\/\S+)/);
    const url = /listening on (http:\/\/\S+)/.exec(stdout)![1]!;
    expect(url).not.toContain(':8080');
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const keys = await fetch(`${url}/api/v1/keys`, { headers: { authorization: 'Bearer sk-sb-v1-operator-secret' } });
    expect(keys.status).toBe(200);
    expect(stdout).not.toContain('sk-sb-v1-operator-secret');
  });

  it('serves the demo without a config, and the curl it prints works as pasted', async () => {
    const dir = workdir();
    const { stdout } = await startCli(['serve', '--port', '0'], { cwd: dir }, /-d '\{.*\}'\n/);
    expect(stdout).toContain('Management key (shown once');
    const curl = stdout.slice(stdout.indexOf('curl -s')).trim();
    const result = spawnSync('bash', ['-c', curl], { encoding: 'utf8', timeout: 20_000 });
    const body = JSON.parse(result.stdout) as { object: string; model: string; choices: { message: { content: string } }[]; usage: { cost: number } };
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('thudm/glm-4-32b');
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
    expect(body.usage.cost).toBeGreaterThan(0);
  });
});
