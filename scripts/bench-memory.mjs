#!/usr/bin/env node
// `npm run bench:memory`: is the gateway's memory flat across repeated load runs? Starts the
// shared harness's fake upstream and one gateway process (each pinned to its own core), warms
// up, then runs wrk at c=64 several times against the same process and prints the peak RSS
// (VmHWM) and the RSS after each run. The gateway-core target: peak after run 3 within 10% of
// run 1. Options: --runs N (4), --duration S (10), --connections C (64), --stream (SSE).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createBenchKey, writeBenchConfig } from './bench-support.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '4' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    stream: { type: 'boolean', default: false },
  },
});
const root = resolve(import.meta.dirname, '..');
const harness = resolve(process.env.SWITCHBOARD_BENCH_DIR ?? join(root, '..', 'shared', 'bench'));
for (const file of ['upstream.mjs', 'wrk-post.lua']) {
  if (!existsSync(join(harness, file))) throw new Error(`bench: ${file} is not in ${harness} (set SWITCHBOARD_BENCH_DIR)`);
}
const upstreamPort = Number(process.env.SWITCHBOARD_BENCH_UPSTREAM_PORT ?? 9300);
const gatewayPort = Number(process.env.SWITCHBOARD_BENCH_PORT ?? 8390);
const work = mkdtempSync(join(tmpdir(), 'switchboard-memory-'));
const config = join(work, 'switchboard.yaml');
writeBenchConfig(config, { port: gatewayPort, store: `{ url: "sqlite:${join(work, 'bench.db')}" }`, upstreamBaseUrl: `http://127.0.0.1:${upstreamPort}/v1`, prices: { prompt: 0.15, completion: 0.6 } });
const cli = join(root, 'dist', 'cli', 'main.js');
const key = createBenchKey(cli, config, 'memory');

const children = [];
const start = (core, command, args, env) => {
  const child = spawn('taskset', ['-c', String(core), command, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'ignore'] });
  children.push(child);
  return child;
};
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

start(1, process.execPath, [join(harness, 'upstream.mjs')], { PORT: String(upstreamPort), FAKE_CHUNK_DELAY_MS: values.stream ? '5' : '0' });
const gateway = start(0, process.execPath, [cli, 'serve', '--config', config], { SWITCHBOARD_MANAGEMENT_KEY: 'memory-management' });
const url = `http://127.0.0.1:${gatewayPort}`;
for (let tries = 0; ; tries += 1) {
  try {
    if ((await fetch(`${url}/health`)).ok) break;
  } catch {
    if (tries > 100) throw new Error('the gateway did not start');
  }
  await sleep(100);
}

const status = () => {
  const text = readFileSync(`/proc/${gateway.pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
};
const body = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], ...(values.stream ? { stream: true } : {}) });
const load = (seconds) =>
  execFileSync('taskset', ['-c', '1', 'wrk', '-t', '1', '-c', values.connections, '-d', `${seconds}s`, '-s', join(harness, 'wrk-post.lua'), '-H', `Authorization: Bearer ${key}`, `${url}/api/v1/chat/completions`], {
    env: { ...process.env, BENCH_BODY: body },
    encoding: 'utf8',
  });
const requestsOf = (output) => JSON.parse(output.trim().split('\n').at(-1)).requests;

/** Heap figures from the gateway's own /metrics (process metrics of prom-client). */
async function heapDetail() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const mb = (series) => Math.round(Number(new RegExp(`^${series} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 1048576);
  return `total ${mb('switchboard_nodejs_heap_size_total_bytes')} MB, used ${mb('switchboard_nodejs_heap_size_used_bytes')} MB, external ${mb('switchboard_nodejs_external_memory_bytes')} MB`;
}

console.log(`idle: ${JSON.stringify(status())}`);
load(5);
console.log(`after 5 s warm-up: ${JSON.stringify(status())}`);
const peaks = [];
for (let run = 1; run <= Number(values.runs); run += 1) {
  const requests = requestsOf(load(Number(values.duration)));
  const figures = status();
  peaks.push(figures.peakMb);
  console.log(`run ${run}: ${requests} requests, peak RSS ${figures.peakMb} MB, RSS after ${figures.rssMb} MB`);
  if (process.env.HEAP_DETAIL) console.log(`  heap: ${await heapDetail()}`);
}
if (peaks.length >= 3) console.log(`peak after run 3 vs run 1: ${(((peaks[2] - peaks[0]) / peaks[0]) * 100).toFixed(1)}% (target ≤ 10%)`);
gateway.kill('SIGTERM');
process.exit(0);
