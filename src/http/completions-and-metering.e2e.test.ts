import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { countPromptTokens, countTextTokens } from '../metering/count-tokens.js';
import { sse, startFakeUpstream, type FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let upstream: FakeUpstream;
let harness: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  harness = await startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }, { slug: 'quiet', name: 'Quiet Usage', baseUrl: upstream.baseUrl }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414' }]), testModel('qwen/qwen3-32b', [{ provider: 'quiet', upstreamModel: 'qwen3-32b', prompt: 0.1, completion: 0.3 }])],
  });
});
afterAll(async () => {
  await harness.close();
  await upstream.close();
});

describe('legacy POST /api/v1/completions with the openai SDK', () => {
  it('answers a prompt with text_completion, upstream /completions, usage and cost', async () => {
    const completion = await harness.client.completions.create({ model: 'thudm/glm-4-32b', prompt: 'Once upon a time', max_tokens: 30 });
    const sent = harness.simulators.acme!.requests.at(-1)!;
    expect(sent.path).toBe('/v1/completions');
    expect(sent.body).toMatchObject({ model: 'glm-4-32b-0414', prompt: 'Once upon a time', max_tokens: 30 });
    expect(completion.object).toBe('text_completion');
    expect(completion.model).toBe('thudm/glm-4-32b');
    expect(completion.choices[0]!.text.length).toBeGreaterThan(0);
    expect((completion.usage as OpenAI.CompletionUsage & { cost: number }).cost).toBeGreaterThan(0);
  });

  it('streams text chunks, then usage, then [DONE]', async () => {
    const stream = await harness.client.completions.create({ model: 'thudm/glm-4-32b', prompt: 'List three rivers:', stream: true, max_tokens: 20 });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });
});

describe('metering when the upstream reports no usage', () => {
  it('counts the tokens with the tokenizer and prices them exactly', async () => {
    upstream.enqueue({
      type: 'json',
      body: { id: 'chatcmpl-q', object: 'chat.completion', created: 1745000000, model: 'qwen3-32b', choices: [{ index: 0, message: { role: 'assistant', content: 'Rivers carry water to the sea.' }, finish_reason: 'stop' }] },
    });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What do rivers do?' }];
    const completion = await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages });
    const promptTokens = countPromptTokens({ kind: 'chat', messages: [{ role: 'user', content: [{ type: 'text', text: 'What do rivers do?' }] }], stream: false, passthrough: {} });
    const completionTokens = countTextTokens('Rivers carry water to the sea.');
    const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
    expect(usage.prompt_tokens).toBe(promptTokens);
    expect(usage.completion_tokens).toBe(completionTokens);
    // 0.1 and 0.3 USD per million: 100000 and 300000 picodollars per token.
    expect(usage.cost).toBe(Number(BigInt(promptTokens) * 100000n + BigInt(completionTokens) * 300000n) / 1e12);
  });

  it('counts a stream that ended without a usage chunk', async () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null): unknown => ({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1745000000, model: 'qwen3-32b', choices: [{ index: 0, delta, finish_reason: finish }] });
    upstream.enqueue({ type: 'sse', steps: [sse.data(chunk({ role: 'assistant', content: 'Deltas ' })), sse.data(chunk({ content: 'form at river mouths.' })), sse.data(chunk({}, 'stop')), sse.done()] });
    const stream = await harness.client.chat.completions.create({ model: 'qwen/qwen3-32b', messages: [{ role: 'user', content: 'Where do deltas form?' }], stream: true });
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    for await (const part of stream) if (part.usage) usage = part.usage;
    expect(usage?.completion_tokens).toBe(countTextTokens('Deltas form at river mouths.'));
    expect(usage?.cost).toBeGreaterThan(0);
  });
});

describe('request bodies', () => {
  it('refuses prototype-poisoning keys with a 400', async () => {
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: '{"model":"thudm/glm-4-32b","messages":[{"role":"user","content":"hi"}],"__proto__":{"polluted":true}}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/__proto__/);
  });

  it('accepts a JSON body sent with curl\'s default form content type', async () => {
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
  });
});
