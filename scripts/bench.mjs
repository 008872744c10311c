#!/usr/bin/env node
// `npm run bench`: Switchboard in ../shared/bench next to the bare proxy (and the peers), with
// keys, routing, metering (the key has a limit, so every request reserves and settles) and
// generation records all on. Extra arguments go to the harness,
// e.g. `npm run bench -- --duration 3 --reps 1 --peers none`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBenchKey, writeBenchConfig } from './bench-support.mjs';
import { writePairedReport } from './bench-paired.mjs';

const root = resolve(import.meta.dirname, '..');

// The routing plan benchmark runs first (in-process, no upstream needed); `--plan-only` stops there.
const planRun = spawnSync(process.execPath, [join(root, 'scripts', 'bench-plan.mjs')], { stdio: 'inherit' });
if (process.argv.includes('--plan-only')) process.exit(planRun.status ?? 1);
const harness = resolve(process.env.SWITCHBOARD_BENCH_DIR ?? join(root, '..', 'shared', 'bench'));
if (!existsSync(join(harness, 'run.sh'))) {
  console.error(`bench: the shared harness is not at ${harness} (set SWITCHBOARD_BENCH_DIR)`);
  process.exit(1);
}

const args = process.argv.slice(2).filter((arg) => arg !== '--plan-only');
// --zero-price: a second Switchboard target in the same run, on a zero-price catalog (no
// reservations, no cost), so "what metering costs" is a ratio within one run.
// --multi-process: scale-out targets in the same run — SQLite+Redis with 1 and 2 workers,
// PostgreSQL+Redis with 1 and 2 workers (PostgreSQL and Redis from SWITCHBOARD_BENCH_POSTGRES_URL
// and SWITCHBOARD_BENCH_REDIS_URL, defaulting to the local services); the gateway gets both
// cores (--gw-cpu 0,1) unless the arguments say otherwise, since one core cannot show workers.
// --variant NAME=DIST[|NODE_FLAGS] (repeatable): another build (the dist/ of a worktree, say)
// or other node flags as one more target of the same run — an A/B the VM's drift cannot split.
const zeroPrice = args.includes('--zero-price');
const multiProcess = args.includes('--multi-process');
const variants = [];
const passThrough = [];
for (let index = 0; index < args.length; index++) {
  if (args[index] === '--variant') variants.push(parseVariant(args[++index] ?? ''));
  else if (args[index] !== '--zero-price' && args[index] !== '--multi-process') passThrough.push(args[index]);
}
if (multiProcess && !passThrough.includes('--gw-cpu')) passThrough.push('--gw-cpu', '0,1', '--load-cpu', '0,1');
const postgresUrl = process.env.SWITCHBOARD_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.SWITCHBOARD_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const basePort = Number(process.env.SWITCHBOARD_BENCH_PORT ?? 8089);
const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
const cli = join(root, 'dist', 'cli', 'main.js');

function parseVariant(text) {
  const match = /^([a-z0-9-]+)=([^|]+)(?:\|(.*))?$/.exec(text);
  if (!match) {
    console.error(`bench: --variant "${text}" is not NAME=DIST[|NODE_FLAGS]`);
    process.exit(2);
  }
  const variantCli = join(resolve(match[2]), 'cli', 'main.js');
  if (!existsSync(variantCli)) {
    console.error(`bench: --variant ${match[1]}: no ${variantCli} (build that tree first)`);
    process.exit(2);
  }
  return { name: match[1], cli: variantCli, nodeFlags: match[3] ?? '' };
}

/**
 * One Switchboard target: its config (own port and database), key and harness arguments;
 * `scale.cli` and `scale.nodeFlags` run another build or other node flags (--variant).
 */
function target(name, port, prices, scale = {}) {
  const targetCli = scale.cli ?? cli;
  const config = join(work, `${name}.yaml`);
  const store = scale.postgres
    ? `{ url: "${postgresUrl}", schema: bench_${process.pid}_${name.replace(/[^a-z0-9]/g, '_')} }`
    : `{ url: "sqlite:${join(work, `${name}.db`)}" }`;
  // Each target its own key prefix: budgets and health must not mix between targets.
  const redis = scale.redis ? `\nredis: { url: "${redisUrl}", key_prefix: "bench:${process.pid}:${name}:" }` : '';
  // The harness's fake upstream is at $UPSTREAM_URL; the model name it answers is gpt-4o-mini.
  writeBenchConfig(config, { port, store, extra: redis, upstreamBaseUrl: '${UPSTREAM_URL:-http://127.0.0.1:9000/v1}', prices });
  // The key has a limit, so the metered run reserves and settles every request.
  const key = createBenchKey(targetCli, config, 'bench', 1000000);
  return [
    '--target', `${name}=http://127.0.0.1:${port}/api/v1/chat/completions`,
    '--header', `${name}=Authorization: Bearer ${key}`,
    '--target-model', `${name}=openai/gpt-4o-mini`,
    '--cmd', `${name}=SWITCHBOARD_MANAGEMENT_KEY=bench-management exec node ${scale.nodeFlags ? `${scale.nodeFlags} ` : ''}${targetCli} serve --config ${config}${scale.workers ? ` --workers ${scale.workers}` : ''}`,
  ];
}

const targets = [...target('switchboard', basePort, { prompt: 0.15, completion: 0.6 })];
if (zeroPrice) targets.push(...target('switchboard-zero-price', basePort + 1, { prompt: 0, completion: 0 }));
if (multiProcess) {
  const metered = { prompt: 0.15, completion: 0.6 };
  targets.push(...target('sb-sqlite-redis-w1', basePort + 2, metered, { redis: true, workers: 1 }));
  targets.push(...target('sb-sqlite-redis-w2', basePort + 3, metered, { redis: true, workers: 2 }));
  targets.push(...target('sb-pg-redis-w1', basePort + 4, metered, { postgres: true, redis: true, workers: 1 }));
  targets.push(...target('sb-pg-redis-w2', basePort + 5, metered, { postgres: true, redis: true, workers: 2 }));
}
variants.forEach((variant, index) => targets.push(...target(variant.name, basePort + 10 + index, { prompt: 0.15, completion: 0.6 }, variant)));
// The output directory is ours to name, so the paired figures can be read back from it.
const outIndex = passThrough.indexOf('--out');
const out = outIndex >= 0 ? resolve(passThrough[outIndex + 1]) : join('/tmp/gateway-bench', new Date().toISOString().slice(0, 19).replace(/:/g, '-'));
if (outIndex < 0) passThrough.push('--out', out);
const run = spawnSync(join(harness, 'run.sh'), [...targets, ...passThrough], { stdio: 'inherit', env: process.env });
const paired = writePairedReport(out);
if (paired !== undefined) process.stdout.write(`\n${paired}`);
process.exit(run.status ?? 1);
