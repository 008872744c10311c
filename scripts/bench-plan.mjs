#!/usr/bin/env node
// Routing plan benchmark: a catalog of 500 models × 5 endpoints, plans for random models with
// the default load balancing and with provider preferences, prints p50/p99 per plan in µs.
// Planning must depend on the requested model's endpoints only, never on the catalog's size.
// Run after `npm run build`: `node scripts/bench-plan.mjs [--iterations 200000]`.
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const load = (path) => import(pathToFileURL(resolve(root, 'dist', path)).href);
const { Router } = await load('routing/router.js');

const iterationsArgument = process.argv.indexOf('--iterations');
const iterations = iterationsArgument === -1 ? 200_000 : Number(process.argv[iterationsArgument + 1]);
const MODELS = 500;
const ENDPOINTS = 5;
const TARGET_P99_US = 50;

const providers = new Map();
for (let index = 0; index < 20; index++) {
  const slug = `provider-${index}`;
  providers.set(slug, {
    slug, name: `Provider ${index}`, adapter: 'openai', baseUrl: `http://127.0.0.1:${9000 + index}/v1`,
    dataCollection: index % 3 === 0 ? 'allow' : 'deny', zdr: index % 4 === 0, headers: {},
    timeouts: { connectMs: 10_000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 600_000 },
    openai: { maxTokensField: 'max_tokens', streamUsage: true, authHeader: 'authorization', dropParameters: [], extraBody: {} },
  });
}
const quantizations = ['fp4', 'fp8', 'bf16', 'fp16', 'unknown'];
const models = new Map();
for (let index = 0; index < MODELS; index++) {
  const id = `author-${index % 40}/model-${index}`;
  const model = {
    id, canonicalSlug: id, name: id, created: 1_744_848_000, description: '', contextLength: 131_072,
    inputModalities: ['text'], outputModalities: ['text'], tokenizer: 'GPT', instructType: null, endpoints: [],
  };
  for (let slot = 0; slot < ENDPOINTS; slot++) {
    const provider = providers.get(`provider-${(index + slot * 3) % 20}`);
    model.endpoints.push({
      id: `${id}@${provider.slug}`, modelId: id, provider, tag: provider.slug, upstreamModel: `upstream-${index}`,
      contextLength: 32_768 * (1 + (slot % 4)), maxCompletionTokens: 16_384, maxPromptTokens: null,
      quantization: quantizations[slot], supportedParameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'response_format'],
      inputModalities: ['text'],
      pricing: { prompt: BigInt(100_000 * (slot + 1)), completion: BigInt(300_000 * (slot + 1)), request: 0n, image: 0n },
    });
  }
  models.set(id, model);
}
const catalog = { providers, models };
const modelIds = [...models.keys()];

const request = { kind: 'chat', stream: false, passthrough: {}, maxTokens: 512, messages: [{ role: 'system', content: [{ type: 'text', text: 'You are a helpful assistant.' }] }, { role: 'user', content: [{ type: 'text', text: 'Summarise the plot of Hamlet in two sentences.' }] }] };
const scenarios = {
  'default (load balanced)': {},
  'order + allow_fallbacks': { order: ['provider-3', 'provider-9'], allowFallbacks: true },
  'only + quantizations + max_price': { only: ['provider-0', 'provider-3', 'provider-6', 'provider-9', 'provider-12'], quantizations: ['fp8', 'bf16', 'fp4'], maxPrice: { prompt: 0.4, completion: 1.2 } },
  'sort throughput + preferred latency': { sort: { by: 'throughput' }, preferredMaxLatency: { p50: 2 } },
};

const router = new Router({ random: Math.random });
// Some live health, as a running gateway would have.
const now = Date.now();
for (const model of models.values()) {
  for (const endpoint of model.endpoints) {
    router.health.recordResult(endpoint.id, 'success', now);
    router.health.recordLatency(endpoint.id, 300 + Math.random() * 500, now);
    router.health.recordThroughput(endpoint.id, 40 + Math.random() * 60, now);
  }
}

let failures = 0;
for (const [name, provider] of Object.entries(scenarios)) {
  const samples = new Float64Array(iterations);
  for (let index = 0; index < iterations; index++) {
    const directives = { model: modelIds[(index * 7919) % modelIds.length], fallbackModels: [], provider, sessionId: null, sentParameters: ['max_tokens'] };
    const start = performance.now();
    try {
      router.plan({ catalog, directives, request, hasAdapter: () => true, promptTokenUpperBound: 120, countPromptTokens: () => 120, scope: 'bench', sessionId: null });
    } catch {
      // A preference that removes every endpoint of a model is a (fast) planned error.
    }
    samples[index] = performance.now() - start;
  }
  // The first tenth warms the JIT; it is not measured.
  const measured = samples.subarray(Math.floor(iterations / 10)).sort();
  const at = (fraction) => measured[Math.min(measured.length - 1, Math.floor(fraction * measured.length))] * 1000;
  const p99 = at(0.99);
  if (p99 >= TARGET_P99_US) failures += 1;
  console.log(`plan ${name.padEnd(36)} p50 ${at(0.5).toFixed(2).padStart(6)} µs   p99 ${p99.toFixed(2).padStart(6)} µs   (${MODELS} models × ${ENDPOINTS} endpoints, target p99 < ${TARGET_P99_US} µs)`);
}
process.exitCode = failures === 0 ? 0 : 1;
