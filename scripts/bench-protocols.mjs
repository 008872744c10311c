#!/usr/bin/env node
// `npm run bench:protocols`: per-chunk cost of each provider adapter's stream translation.
// One gateway process (pinned to core 0) serves three models, one per wire protocol (OpenAI
// chat completions, Anthropic Messages, Gemini streamGenerateContent), all backed by a fast
// fake upstream in this script (pinned to core 1) that streams N text chunks per answer.
// The load client (core 1) keeps C streams open through the gateway's OpenAI-compatible
// surface for D seconds per protocol, in interleaved repetitions; the gateway's CPU time
// (/proc utime+stime) divided by the streams served gives CPU per stream, and by the
// chunks, CPU per chunk. The issue-3 target: each protocol within 1.5× the OpenAI path.
// Options: --chunks N (200), --concurrency C (16), --duration S (5), --reps R (3),
//          --chunk-delay-ms MS (1), --protocols openai,anthropic,gemini
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createBenchKey } from './bench-support.mjs';

const { values } = parseArgs({
  options: {
    chunks: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '5' },
    reps: { type: 'string', default: '3' },
    'chunk-delay-ms': { type: 'string', default: '1' },
    protocols: { type: 'string', default: 'openai,anthropic,gemini' },
    'serve-upstream': { type: 'string' },
  },
});
const chunks = Number(values.chunks);
const chunkDelayMs = Number(values['chunk-delay-ms']);

if (values['serve-upstream'] !== undefined) {
  serveUpstream(Number(values['serve-upstream']));
} else {
  await main();
}

/** The fake upstream: the three wire formats, N chunks each, `delay` ms apart. */
function serveUpstream(port) {
  const piece = 'tok ';
  const openAIChunk = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-bench', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  const openAIEnd = [
    JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-bench', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1, model: 'gpt-bench', choices: [], usage: { prompt_tokens: 10, completion_tokens: chunks, total_tokens: 10 + chunks } }),
  ];
  const anthropicDelta = `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } })}\n\n`;
  const anthropicStart = [
    `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'claude-bench', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } })}\n\n`,
    `event: content_block_start\ndata: ${JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })}\n\n`,
  ].join('');
  const anthropicEnd = [
    `event: content_block_stop\ndata: ${JSON.stringify({ type: 'content_block_stop', index: 0 })}\n\n`,
    `event: message_delta\ndata: ${JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunks } })}\n\n`,
    `event: message_stop\ndata: ${JSON.stringify({ type: 'message_stop' })}\n\n`,
  ].join('');
  const geminiChunk = (finish) =>
    `data: ${JSON.stringify({
      candidates: [{ content: { parts: [{ text: piece }], role: 'model' }, index: 0, ...(finish ? { finishReason: 'STOP' } : {}) }],
      usageMetadata: finish ? { promptTokenCount: 10, candidatesTokenCount: chunks, totalTokenCount: 10 + chunks } : { promptTokenCount: 10, totalTokenCount: 10 },
      modelVersion: 'gemini-bench',
      responseId: 'bench',
    })}\r\n\r\n`;
  const frames = {
    openai: { head: '', body: `data: ${openAIChunk}\n\n`, tail: openAIEnd.map((chunk) => `data: ${chunk}\n\n`).join('') + 'data: [DONE]\n\n' },
    anthropic: { head: anthropicStart, body: anthropicDelta, tail: anthropicEnd },
    gemini: { head: '', body: geminiChunk(false), tail: geminiChunk(true) },
  };
  http
    .createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const url = request.url ?? '';
        const protocol = url.includes('/messages') ? 'anthropic' : url.includes(':streamGenerateContent') ? 'gemini' : 'openai';
        const frame = frames[protocol];
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.write(frame.head);
        // The last chunk of Gemini's stream carries the finish reason: send N-1 plain ones.
        let left = protocol === 'gemini' ? chunks - 1 : chunks;
        const step = () => {
          if (left === 0) {
            response.end(frame.tail);
            return;
          }
          left -= 1;
          response.write(frame.body);
          if (chunkDelayMs > 0) setTimeout(step, chunkDelayMs);
          else setImmediate(step);
        };
        step();
      });
    })
    .listen(port, '127.0.0.1');
}

async function main() {
  const root = resolve(import.meta.dirname, '..');
  const upstreamPort = Number(process.env.SWITCHBOARD_BENCH_UPSTREAM_PORT ?? 9310);
  const gatewayPort = Number(process.env.SWITCHBOARD_BENCH_PORT ?? 8392);
  const protocols = values.protocols.split(',');
  const work = mkdtempSync(join(tmpdir(), 'switchboard-protocols-'));
  const config = join(work, 'switchboard.yaml');
  const upstream = `http://127.0.0.1:${upstreamPort}`;
  const baseUrls = { openai: `${upstream}/v1`, anthropic: `${upstream}/v1`, gemini: `${upstream}/v1beta` };
  writeFileSync(
    config,
    `server: { host: 127.0.0.1, port: ${gatewayPort}, request_log: false }
store: { url: "sqlite:${join(work, 'bench.db')}" }
providers:
${protocols.map((protocol) => `  - { slug: fake-${protocol}, name: Fake ${protocol}, adapter: ${protocol}, base_url: "${baseUrls[protocol]}", api_key: sk-fake }`).join('\n')}
models:
${protocols
  .map(
    (protocol) => `  - id: bench/${protocol}
    name: Bench ${protocol}
    created: 2025-01-01
    context_length: 128000
    endpoints:
      - { provider: fake-${protocol}, upstream_model: ${protocol}-bench, max_completion_tokens: 8192, pricing: { prompt: 0.15, completion: 0.6 } }`,
  )
  .join('\n')}
`,
  );
  const cli = join(root, 'dist', 'cli', 'main.js');
  const key = createBenchKey(cli, config, 'protocols');

  const children = [];
  process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
  const start = (core, args, env = {}) => {
    const child = spawn('taskset', ['-c', String(core), process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(child);
    return child;
  };
  start(1, [import.meta.filename, '--serve-upstream', String(upstreamPort), '--chunks', String(chunks), '--chunk-delay-ms', String(chunkDelayMs)]);
  const gateway = start(0, [cli, 'serve', '--config', config], { SWITCHBOARD_MANAGEMENT_KEY: 'protocols-management' });
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${gatewayPort}`;
  for (let tries = 0; ; tries += 1) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      if (tries > 100) throw new Error('the gateway did not start');
    }
    await sleep(100);
  }

  const cpuMs = () => {
    const fields = readFileSync(`/proc/${gateway.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(values.concurrency) + 4 });
  const streamOnce = (protocol) =>
    new Promise((resolveStream, reject) => {
      const body = JSON.stringify({ model: `bench/${protocol}`, stream: true, messages: [{ role: 'user', content: 'Count.' }] });
      const request = http.request(`${url}/api/v1/chat/completions`, { method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        let events = 0;
        let tail = '';
        response.setEncoding('utf8');
        response.on('data', (text) => {
          const joined = tail + text;
          const lines = joined.split('\n');
          tail = lines.pop();
          for (const line of lines) if (line.startsWith('data: {') && line.includes('"content":"tok')) events += 1;
        });
        response.on('end', () => (response.statusCode === 200 ? resolveStream(events) : reject(new Error(`HTTP ${response.statusCode}`))));
      });
      request.on('error', reject);
      request.end(body);
    });
  const load = async (protocol, seconds) => {
    const deadline = Date.now() + seconds * 1000;
    let streams = 0;
    let chunksSeen = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        const seen = await streamOnce(protocol);
        chunksSeen += seen;
        streams += 1;
      }
    };
    const before = cpuMs();
    await Promise.all(Array.from({ length: Number(values.concurrency) }, worker));
    return { streams, chunks: chunksSeen, cpuMs: cpuMs() - before };
  };

  for (const protocol of protocols) {
    const events = await streamOnce(protocol);
    if (events < chunks) throw new Error(`${protocol}: a stream delivered ${events} of ${chunks} chunks`);
    await load(protocol, 1);
  }
  const totals = Object.fromEntries(protocols.map((protocol) => [protocol, { streams: 0, chunks: 0, cpuMs: 0 }]));
  for (let rep = 0; rep < Number(values.reps); rep += 1) {
    for (const protocol of protocols) {
      const result = await load(protocol, Number(values.duration));
      for (const field of ['streams', 'chunks', 'cpuMs']) totals[protocol][field] += result[field];
    }
  }
  console.log(`\nStreams of ${chunks} chunks, ${chunkDelayMs} ms apart, ${values.concurrency} concurrent, ${values.reps} × ${values.duration} s per protocol (interleaved)\n`);
  console.log('| protocol | streams | chunks seen | CPU µs/stream | CPU µs/chunk | vs openai |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const perChunk = (protocol) => (totals[protocol].cpuMs * 1000) / (totals[protocol].streams * chunks);
  for (const protocol of protocols) {
    const { streams, chunks: seen, cpuMs: used } = totals[protocol];
    const ratio = protocols.includes('openai') ? (perChunk(protocol) / perChunk('openai')).toFixed(2) : '–';
    console.log(`| ${protocol} | ${streams} | ${seen} | ${((used * 1000) / streams).toFixed(0)} | ${perChunk(protocol).toFixed(2)} | ${ratio} |`);
  }
  gateway.kill('SIGTERM');
  process.exit(0);
}
