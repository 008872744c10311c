import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sse, startFakeUpstream, type FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let upstream: FakeUpstream;
let harness: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  harness = await startTestGateway({
    keepaliveMs: 100,
    providers: [{ slug: 'acme', name: 'Acme AI', baseUrl: upstream.baseUrl }, { slug: 'slowpoke', name: 'Slowpoke', simulator: { tokensPerSecond: 20 } }],
    models: [testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414' }]), testModel('qwen/qwen3-32b', [{ provider: 'slowpoke' }])],
  });
});
afterAll(async () => {
  await harness.close();
  await upstream.close();
});

const upstreamChunk = (delta: Record<string, unknown>, finishReason: string | null = null): unknown => ({
  id: 'chatcmpl-abc123', object: 'chat.completion.chunk', created: 1745000000, model: 'glm-4-32b-0414',
  choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
});
const upstreamUsage = { id: 'chatcmpl-abc123', object: 'chat.completion.chunk', created: 1745000000, model: 'glm-4-32b-0414', choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } };

async function postStream(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${harness.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ stream: true, ...body }),
  });
}

describe('the SSE stream on the wire', () => {
  it('is exactly: keep-alive comments while waiting, content chunks, finish, usage with cost, [DONE]', async () => {
    upstream.enqueue({
      type: 'sse',
      steps: [sse.pause(350), sse.data(upstreamChunk({ role: 'assistant', content: '' })), sse.data(upstreamChunk({ content: 'Hello' })), sse.data(upstreamChunk({ content: ', world' })), sse.data(upstreamChunk({}, 'stop')), sse.data(upstreamUsage), sse.done()],
    });
    const response = await postStream({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Greet the world.' }] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const id = response.headers.get('x-generation-id')!;
    expect(id).toMatch(/^gen-\d+-[A-Za-z0-9]{20}$/);
    const text = await response.text();

    const comments = /^(: OPENROUTER PROCESSING\n\n)+/.exec(text)?.[0] ?? '';
    expect(comments.length).toBeGreaterThan(0);
    const created = Number(/"created":(\d+)/.exec(text)?.[1]);
    const base = `"id":"${id}","provider":"Acme AI","model":"thudm/glm-4-32b","object":"chat.completion.chunk","created":${created}`;
    // 15 tokens at $0.24 per million each side: 15 × 240000 picodollars = $0.0000036 (JSON.stringify writes 7.2e-7 for small numbers: valid JSON).
    const usage = '{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"cost":0.0000036,"is_byok":false,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0},"cost_details":{"upstream_inference_cost":null,"upstream_inference_prompt_cost":0.00000288,"upstream_inference_completions_cost":7.2e-7}}';
    const expected =
      comments +
      `data: {${base},"choices":[{"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n` +
      `data: {${base},"choices":[{"index":0,"delta":{"content":", world"},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}\n\n` +
      `data: {${base},"choices":[{"index":0,"delta":{},"finish_reason":"stop","native_finish_reason":"stop","logprobs":null}]}\n\n` +
      `data: {${base},"choices":[],"usage":${usage}}\n\n` +
      'data: [DONE]\n\n';
    expect(text).toBe(expected);

    const sent = upstream.lastRequest().body as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'glm-4-32b-0414', stream: true, stream_options: { include_usage: true } });
    const record = (await (await fetch(`${harness.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ id, streamed: true, cancelled: false, upstream_id: 'chatcmpl-abc123', tokens_prompt: 12, tokens_completion: 3, total_cost: 0.0000036, finish_reason: 'stop' });
  });

  it('ends a stream that breaks after the first byte with an error chunk, never a silent truncation', async () => {
    upstream.enqueue({ type: 'sse', steps: [sse.data(upstreamChunk({ role: 'assistant', content: 'Partial' }))], end: 'drop' });
    const response = await postStream({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Go.' }] });
    expect(response.status).toBe(200);
    const events = (await response.text()).split('\n\n').filter((event) => event.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    const last = JSON.parse(events.at(-2)!.slice(6)) as { error: { code: number; message: string; metadata: { error_type: string } }; choices: { finish_reason: string }[] };
    expect(last.choices[0]!.finish_reason).toBe('error');
    expect(last.error.code).toBeGreaterThanOrEqual(400);
    expect(last.error.metadata.error_type).toBeTruthy();
    const id = response.headers.get('x-generation-id')!;
    const record = (await (await fetch(`${harness.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ finish_reason: 'error', streamed: true, cancelled: false });
  });

  it('answers a failure before the first token with a JSON error and its status, not a stream', async () => {
    upstream.enqueue({ type: 'json', status: 400, body: { error: { message: "This model's maximum context length is 32768 tokens.", type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } } });
    const response = await postStream({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Go.' }] });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(400);
  });

  it('aborts the upstream call when the client disconnects, and records the generation as cancelled', async () => {
    const slow = harness.simulators.slowpoke!;
    const abortedBefore = slow.stats.aborted;
    const controller = new AbortController();
    const response = await fetch(`${harness.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen/qwen3-32b', stream: true, max_tokens: 400, messages: [{ role: 'user', content: 'Write a long story.' }] }),
      signal: controller.signal,
    });
    const id = response.headers.get('x-generation-id')!;
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('data: ');
    controller.abort();
    await expect.poll(() => slow.stats.aborted, { timeout: 5000 }).toBe(abortedBefore + 1);
    await expect
      .poll(async () => {
        const record = await fetch(`${harness.baseURL}/generation?id=${id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
        return record.status === 200 ? ((await record.json()) as { data: { cancelled: boolean } }).data.cancelled : null;
      }, { timeout: 5000 })
      .toBe(true);
    expect(slow.stats.completed).toBe(0);
  });
});
