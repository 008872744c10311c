import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../start-simulator.js';
import type { RunningSimulator } from '../simulator-types.js';
import { postJson } from '../test-support/simulator-test-client.js';

const KEY = 'sk-demo-gemini-sim';
const MODEL = 'gemini-2.5-flash';
const weatherTool = {
  functionDeclarations: [
    {
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: { type: 'OBJECT', properties: { location: { type: 'STRING' }, unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
    },
  ],
};

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ name: 'gemini-sim', models: [MODEL], apiKey: KEY, firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
});
afterAll(async () => {
  await simulator.close();
});

function url(method: 'generateContent' | 'streamGenerateContent', model = MODEL): string {
  return `${simulator.url}/v1beta/models/${model}:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`;
}

/** The JSON payloads of a Gemini SSE body (events end with CRLF CRLF, as Google sends them). */
async function sseChunks(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)) as Record<string, unknown>);
}

type Candidate = { content: { parts: Record<string, unknown>[]; role: string }; finishReason?: string };
const candidateOf = (body: Record<string, unknown>): Candidate => (body.candidates as Candidate[])[0] as Candidate;

describe('simulated Gemini API', () => {
  it('answers generateContent with a candidate, STOP and usageMetadata', async () => {
    const response = await postJson(url('generateContent'), { contents: [{ role: 'user', parts: [{ text: 'Say "hello there"' }] }] }, { 'x-goog-api-key': KEY });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(candidateOf(body)).toEqual({ content: { parts: [{ text: 'hello there' }], role: 'model' }, finishReason: 'STOP', index: 0 });
    expect(body).toMatchObject({ modelVersion: MODEL, usageMetadata: { promptTokenCount: expect.any(Number), candidatesTokenCount: 2 } });
    expect(body.usageMetadata).not.toHaveProperty('thoughtsTokenCount');
    expect(simulator.requests.at(-1)?.headers['x-goog-api-key']).toBe(KEY);
  });

  it('streams thoughts, text pieces, then a closing chunk with STOP, a signature and usage', async () => {
    const response = await postJson(
      url('streamGenerateContent'),
      { contents: [{ role: 'user', parts: [{ text: 'Tell me about volcanoes' }] }], generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } } },
      { 'x-goog-api-key': KEY },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const chunks = await sseChunks(response);
    expect(chunks.length).toBeGreaterThan(3);
    expect(candidateOf(chunks[0]!).content.parts).toEqual([{ text: expect.stringContaining('volcanoes'), thought: true }]);
    const last = candidateOf(chunks.at(-1)!);
    expect(last.finishReason).toBe('STOP');
    expect(last.content.parts[0]).toMatchObject({ thoughtSignature: expect.any(String) });
    expect(chunks.at(-1)).toMatchObject({ usageMetadata: { thoughtsTokenCount: expect.any(Number), candidatesTokenCount: expect.any(Number) } });
    expect(chunks.slice(0, -1).every((chunk) => candidateOf(chunk).finishReason === undefined)).toBe(true);
  });

  it('calls a function whole, with its signature, and checks the signature comes back next turn', async () => {
    const first = await postJson(
      url('generateContent'),
      { contents: [{ role: 'user', parts: [{ text: 'Weather in Paris?' }] }], tools: [weatherTool], toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } }, generationConfig: { thinkingConfig: { thinkingBudget: -1 } } },
      { 'x-goog-api-key': KEY },
    );
    const answer = candidateOf((await first.json()) as Record<string, unknown>);
    const call = answer.content.parts.find((part) => 'functionCall' in part) as { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature: string };
    expect(call.functionCall).toMatchObject({ name: 'get_weather', args: { location: expect.any(String), unit: 'celsius' } });
    expect(call.thoughtSignature).toEqual(expect.any(String));
    expect(answer.finishReason).toBe('STOP');

    const secondTurn = (modelPart: Record<string, unknown>) => ({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
        { role: 'model', parts: [modelPart] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 21 } } }] },
      ],
      tools: [weatherTool],
      generationConfig: { thinkingConfig: { thinkingBudget: -1 } },
    });
    const good = await postJson(url('generateContent'), secondTurn(call), { 'x-goog-api-key': KEY });
    expect(good.status).toBe(200);
    expect(candidateOf((await good.json()) as Record<string, unknown>).content.parts[0]).toMatchObject({ text: expect.stringContaining('temperature') });

    const missing = await postJson(url('generateContent'), secondTurn({ functionCall: call.functionCall }), { 'x-goog-api-key': KEY });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringContaining('missing a thought_signature') } });
    const forged = await postJson(url('generateContent'), secondTurn({ ...call, thoughtSignature: 'Zm9yZ2Vk' }), { 'x-goog-api-key': KEY });
    expect(forged.status).toBe(400);
    const standIn = await postJson(url('generateContent'), secondTurn({ ...call, thoughtSignature: 'skip_thought_signature_validator' }), { 'x-goog-api-key': KEY });
    expect(standIn.status).toBe(200);
  });

  it('answers Google\'s error shapes: bad key, unknown model, injected 429 with RetryInfo, empty contents', async () => {
    const badKey = await postJson(url('generateContent'), { contents: [{ parts: [{ text: 'hi' }] }] }, { 'x-goog-api-key': 'wrong' });
    expect(badKey.status).toBe(400);
    expect(await badKey.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT', details: [{ reason: 'API_KEY_INVALID' }] } });
    const unknown = await postJson(url('generateContent', 'gemini-9-ultra'), { contents: [{ parts: [{ text: 'hi' }] }] }, { 'x-goog-api-key': KEY });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const limited = await postJson(url('generateContent'), { contents: [{ parts: [{ text: 'hi' }] }] }, { 'x-goog-api-key': KEY, 'x-sim-error': '429' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }] } });
    const empty = await postJson(url('generateContent'), { contents: [] }, { 'x-goog-api-key': KEY });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } });
  });

  it('breaks a stream with Google\'s error event on request, and takes the key as ?key= too', async () => {
    const response = await postJson(url('streamGenerateContent'), { contents: [{ role: 'user', parts: [{ text: 'Tell me a long story about rivers' }] }] }, { 'x-goog-api-key': KEY, 'x-sim-fail-mid-stream': 'error-event' });
    const chunks = await sseChunks(response);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toEqual({ error: { code: 500, message: expect.any(String), status: 'INTERNAL' } });
    expect(chunks.slice(0, -1).every((chunk) => candidateOf(chunk).finishReason === undefined)).toBe(true);
    const byQuery = await postJson(`${url('generateContent')}?key=${KEY}`, { contents: [{ parts: [{ text: 'hi' }] }] });
    expect(byQuery.status).toBe(200);
  });

  it('leaves the OpenAI wire as it was', async () => {
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, { model: MODEL, messages: [{ role: 'user', content: 'Say "ok"' }] }, { authorization: `Bearer ${KEY}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'ok' } }] });
  });
});
