#!/usr/bin/env node
// `npm run bench:idle`: one process under the shared harness's order of scenarios, with idle
// gaps like those it sees while the harness measures the other targets, printing the measured
// c=32 streams of every repetition: TTFB and CPU per stream on the main thread and on the other
// threads (V8's compilers and GC helpers). BENCHMARKS.md ("Results — session 6") used it to show
// that first repetitions are slow after idle gaps, not because of the load.
//
// Order: warm-up (wrk c=16, streams c=8), then per repetition wrk c=1, 16, 64 (unless
// --sse-only), streams c=1, and the measured streams at --conc; each load lasts --duration s
// and is followed by --idle s. The fake upstream and the load run on cpu 0, the target on cpu 1.
// Options: --reps N (3), --idle S (1), --duration S (5), --conc C (32), --sse-only, --bare (the
// harness's bare proxy instead of Switchboard), --node-flags="…" (with the `=`: e.g.
// --node-flags="--trace-opt --trace-gc"),
// --log FILE (the target's stdout; each run's start is printed as a byte offset into it).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createBenchKey, writeBenchConfig } from './bench-support.mjs';
import { threadCpu } from './thread-cpu.mjs';

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    idle: { type: 'string', default: '1' },
    duration: { type: 'string', default: '5' },
    conc: { type: 'string', default: '32' },
    'sse-only': { type: 'boolean', default: false },
    bare: { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    log: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const harness = resolve(process.env.SWITCHBOARD_BENCH_DIR ?? join(root, '..', 'shared', 'bench'));
for (const file of ['upstream.mjs', 'bare-proxy.mjs', 'stream-client.mjs', 'wrk-post.lua']) {
  if (!existsSync(join(harness, file))) throw new Error(`bench: ${file} is not in ${harness} (set SWITCHBOARD_BENCH_DIR)`);
}
const upstreamPort = Number(process.env.SWITCHBOARD_BENCH_UPSTREAM_PORT ?? 9301);
const targetPort = Number(process.env.SWITCHBOARD_BENCH_PORT ?? 8391);
const nodeFlags = values['node-flags'].split(' ').filter(Boolean);
const log = values.log ?? '/dev/null';

const children = [];
const start = (core, args, env, output = 'ignore') => {
  const child = spawn('taskset', ['-c', String(core), process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', output, output] });
  children.push(child);
  return child;
};
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

start(0, [join(harness, 'upstream.mjs')], { PORT: String(upstreamPort), FAKE_CHUNKS: '20', FAKE_CHUNK_DELAY_MS: '5' });
let target;
let url;
let model;
let authorization;
const targetOut = openSync(log, 'w');
if (values.bare) {
  target = start(1, [...nodeFlags, join(harness, 'bare-proxy.mjs')], { PORT: String(targetPort), UPSTREAM: `http://127.0.0.1:${upstreamPort}` }, targetOut);
  url = `http://127.0.0.1:${targetPort}/v1/chat/completions`;
  model = 'gpt-4o-mini';
  authorization = 'Bearer sk-fake-bench';
} else {
  const work = mkdtempSync(join(tmpdir(), 'switchboard-idle-'));
  const config = join(work, 'switchboard.yaml');
  writeBenchConfig(config, { port: targetPort, store: `{ url: "sqlite:${join(work, 'bench.db')}" }`, upstreamBaseUrl: `http://127.0.0.1:${upstreamPort}/v1`, prices: { prompt: 0.15, completion: 0.6 } });
  const cli = join(root, 'dist', 'cli', 'main.js');
  authorization = `Bearer ${createBenchKey(cli, config, 'idle')}`;
  target = start(1, [...nodeFlags, cli, 'serve', '--config', config], { SWITCHBOARD_MANAGEMENT_KEY: 'idle-management' }, targetOut);
  url = `http://127.0.0.1:${targetPort}/api/v1/chat/completions`;
  model = 'openai/gpt-4o-mini';
}
for (let tries = 0; ; tries += 1) {
  try {
    // The bare proxy forwards /health to the upstream's 404: any answer means it listens.
    const response = await fetch(`http://127.0.0.1:${targetPort}/health`);
    if (response.ok || values.bare) break;
  } catch {
    // not listening yet
  }
  if (tries > 100) throw new Error(`the target did not start${values.log ? ` (see ${values.log})` : ''}`);
  await sleep(100);
}

const messages = [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: 'Say hello.' }];
const duration = values.duration;
const idle = Number(values.idle) * 1000;
const mark = (what) => {
  if (values.log) console.log(`  ${what} starts at byte ${statSync(values.log).size} of ${values.log}`);
};
const wrk = async (connections) => {
  mark(`wrk c=${connections}`);
  execFileSync('taskset', ['-c', '0', 'wrk', '-t1', `-c${connections}`, `-d${duration}s`, '-s', join(harness, 'wrk-post.lua'), '-H', `Authorization: ${authorization}`, url], {
    env: { ...process.env, BENCH_BODY: JSON.stringify({ model, messages }), BENCH_OUT: '/dev/null' },
    stdio: 'ignore',
  });
  await sleep(idle);
};
const streams = async (connections, seconds = duration) => {
  mark(`streams c=${connections}`);
  const text = execFileSync('taskset', ['-c', '0', process.execPath, join(harness, 'stream-client.mjs'), '--url', url, '--header', `Authorization: ${authorization}`,
    '--body', JSON.stringify({ model, stream: true, messages }), '-c', String(connections), '-d', String(seconds), '--expect-chunks', '20'], { encoding: 'utf8' });
  await sleep(idle);
  return JSON.parse(text);
};

console.log(`${values.bare ? 'bare proxy' : 'switchboard'}${nodeFlags.length ? ` (${nodeFlags.join(' ')})` : ''}: ${values.reps} repetitions, ${values.idle} s idle after each run`);
await wrk(16);
await streams(8);
for (let rep = 1; rep <= Number(values.reps); rep += 1) {
  if (!values['sse-only']) for (const connections of [1, 16, 64]) await wrk(connections);
  await streams(1);
  const before = threadCpu(target.pid);
  const result = await streams(Number(values.conc));
  const after = threadCpu(target.pid);
  const perStream = (ns) => Math.round(ns / 1000 / Math.max(1, result.requests));
  console.log(`rep ${rep}: ${result.requests} streams (${result.errors} errors), TTFB p50 ${result.ttfb_ms.p50} ms (p90 ${result.ttfb_ms.p90}), ` +
    `CPU per stream: main thread ${perStream(after.mainNs - before.mainNs)} µs, other threads ${perStream(after.otherNs - before.otherNs)} µs`);
}
process.exit(0);
