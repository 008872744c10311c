import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../simulator/start-simulator.js';
import type { RunningSimulator } from '../simulator/simulator-types.js';
import { openStore } from '../store/open-store.js';
import { createApiKey } from './cluster/test-support/api-keys.js';
import { CLI, workdir } from './cluster/test-support/compiled-cli.js';
import { chat } from './cluster/test-support/concurrent-chat-load.js';
import { send } from './cluster/test-support/send-request.js';

/**
 * One `serve` process on a SQLite file, killed with SIGKILL while every record it answered is
 * still in its writer's memory (a one-minute flush interval): the next start replays its
 * journal before it serves, so the records are all there; with `store.journal: false` they are not.
 */

const MANAGEMENT_KEY = 'sk-sb-v1-kill-serve-management-key-for-tests-0001';
const children: ChildProcess[] = [];
let simulator: RunningSimulator | undefined;
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await simulator?.close();
});

/** Starts `serve` and resolves with its URL once it listens. */
async function serve(dir: string, configPath: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath], { cwd: dir, env: { ...process.env, SWITCHBOARD_MANAGEMENT_KEY: MANAGEMENT_KEY } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await vi.waitFor(() => {
    const match = /listening on (http:\/\/\S+)/.exec(stdout);
    if (match === null) throw new Error(`not listening yet:\n${stdout}\n${stderr}`);
    return match[1]!;
  }, { timeout: 30_000, interval: 50 });
  return { child, url, stderr: () => stderr };
}

async function killed(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function storedIds(dbPath: string, keyHash: string): Promise<string[]> {
  const store = await openStore(`sqlite:${dbPath}`);
  try {
    return (await store.generations.listGenerations({ apiKeyHash: keyHash, limit: 1000 })).map((record) => record.id).sort();
  } finally {
    await store.close();
  }
}

describe('kill -9 of serve on a SQLite file', () => {
  it.each([true, false])('journal %s: the answered records are there after a restart only with the journal', async (journal) => {
    simulator ??= await startSimulator({ name: 'acme', firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
    const dir = workdir();
    const configPath = join(dir, 'switchboard.yaml');
    writeFileSync(configPath, `server: { host: 127.0.0.1, port: 0 }
store: { url: "sqlite:./data/gateway.db", flush_interval_ms: 60000${journal ? '' : ', journal: false'} }
providers:
  - { slug: acme, name: Acme AI, adapter: openai, base_url: "${simulator.baseUrl}" }
models:
  - id: thudm/glm-4-32b
    name: "THUDM: GLM 4 32B"
    created: 2025-04-17
    context_length: 32768
    endpoints:
      - { provider: acme, upstream_model: glm-4-32b-0414, pricing: { prompt: 0.24, completion: 0.24 } }
`);
    const first = await serve(dir, configPath);
    const { key, hash } = await createApiKey(first.url, MANAGEMENT_KEY, { name: 'kill -9' });
    const answered: string[] = [];
    for (let index = 0; index < 20; index += 1) {
      const answer = await chat({ baseUrl: first.url, apiKey: key }, index);
      expect(answer.status).toBe(200);
      answered.push(answer.generationId);
    }
    // Answered, readable through the process that holds them, and not in the database yet.
    expect((await send(`${first.url}/api/v1/generation?id=${answered[0]!}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    await killed(first.child);
    const dbPath = join(dir, 'data', 'gateway.db');
    expect(await storedIds(dbPath, hash)).toEqual([]);
    expect(existsSync(join(dir, 'data', 'journal'))).toBe(journal);

    const second = await serve(dir, configPath);
    // Replayed before it listened.
    expect(await storedIds(dbPath, hash)).toEqual(journal ? [...answered].sort() : []);
    const exited = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    if (journal) {
      expect(second.stderr()).toMatch(/"records":20,.*"message":"generation record journal replayed at start"/);
      // The first process's segment was deleted once replayed, the second's at its graceful stop.
      expect(readdirSync(join(dir, 'data', 'journal'))).toEqual([]);
    }
  }, 90_000);
});

describe('serve with a journal directory it cannot use', () => {
  it('refuses to start, naming the path', () => {
    const dir = workdir();
    writeFileSync(join(dir, 'occupied'), 'a file where the directory should be');
    const configPath = join(dir, 'switchboard.yaml');
    writeFileSync(configPath, 'server: { port: 0 }\nstore: { url: "sqlite:./data/gateway.db", journal_dir: ./occupied/journal }\nproviders: []\nmodels: []\n');
    const result = spawnSync(process.execPath, [CLI, 'serve', '--config', configPath], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/switchboard: Cannot open the generation record journal in \.\/occupied\/journal: ENOTDIR/);
  });
});
