import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// The compiled CLI, as `npm start` and the `switchboard` bin run it (npm test builds first).
const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('switchboard demo --traffic', () => {
  it('fills the pages: named apps show in the rankings and models get tokens', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'switchboard-traffic-'));
    child = spawn(process.execPath, [CLI, 'demo', '--traffic', '--port', '0'], { cwd, env: { ...process.env } });
    const url = await new Promise<string>((resolvePromise, reject) => {
      let stdout = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Demo traffic is on: open (http:\/\/\S+)\/models/.exec(stdout);
        if (match) resolvePromise(match[1]!);
      });
      child!.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${stdout}`)));
    });
    await expect
      .poll(async () => {
        const rankings = await (await fetch(`${url}/rankings`)).text();
        return ['Helpdesk Copilot', 'Code Review Bot', 'Docs Search'].filter((app) => rankings.includes(app)).length;
      }, { timeout: 45_000, interval: 1_000 })
      .toBeGreaterThanOrEqual(2);
    const catalog = await (await fetch(`${url}/models?sort=tokens`)).text();
    expect(catalog).toContain('id="catalog-table"');
  }, 60_000);
});
