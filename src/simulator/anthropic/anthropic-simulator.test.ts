import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../start-simulator.js';
import type { RunningSimulator } from '../simulator-types.js';
import { postJson } from '../test-support/simulator-test-client.js';
import { signThinking } from './thinking-signature.js';

const KEY = 'sk-ant-sim-0123456789';
const MODEL = 'claude-sonnet-4-6';
const weatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] },
};

describe('simulator: Anthropic Messages wire', () => {
  let simulator: RunningSimulator;
  let client: Anthropic;

  beforeAll(async () => {
    simulator = await startSimulator({ name: 'claudesim', firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY, apiKey: KEY, models: [MODEL] });
    // The official SDK as the client: it parses the real wire shapes, events included.
    client = new Anthropic({ apiKey: KEY, baseURL: simulator.url, maxRetries: 0 });
  });
  afterAll(() => simulator.close());

  it('answers a message with text, end_turn and usage; the SDK\'s bearer key and version are accepted', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 200, system: 'Be brief.', messages: [{ role: 'user', content: 'Say "hello there"' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: MODEL, stop_reason: 'end_turn', content: [{ type: 'text', text: 'hello there' }] });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const recorded = simulator.requests.at(-1);
    expect(recorded?.path).toBe('/v1/messages');
    // The SDK authenticates with a bearer token and its own API version.
    expect(recorded?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(recorded?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('streams named events the SDK assembles into the same message', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 200, messages: [{ role: 'user', content: 'Tell me about rivers.' }] });
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const message = await stream.finalMessage();
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).toContain('content_block_delta');
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]?.type === 'text' && message.content[0].text.length).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it('calls a tool, thinks first with a signed block when asked, and accepts the signed block back', async () => {
    const question = { role: 'user' as const, content: 'What is the weather in Paris?' };
    const first = await client.messages.stream({ model: MODEL, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weatherTool], messages: [question] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const [thinking, toolUse] = first.content;
    expect(thinking?.type).toBe('thinking');
    expect(toolUse?.type).toBe('tool_use');
    if (thinking?.type !== 'thinking' || toolUse?.type !== 'tool_use') throw new Error('unexpected blocks');
    expect(thinking.signature).toBe(signThinking(thinking.thinking));
    expect(toolUse.input).toMatchObject({ location: expect.any(String) });

    const toolResult = { role: 'user' as const, content: [{ type: 'tool_result' as const, tool_use_id: toolUse.id, content: '18°C and cloudy' }] };
    const second = await client.messages.create({ model: MODEL, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weatherTool], messages: [question, { role: 'assistant', content: first.content }, toolResult] });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content.at(-1)).toMatchObject({ type: 'text', text: expect.stringContaining('18°C and cloudy') });

    // Without the thinking block, or with it altered, the real API refuses: so does the simulator.
    const withoutThinking = client.messages.create({ model: MODEL, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weatherTool], messages: [question, { role: 'assistant', content: [toolUse] }, toolResult] });
    await expect(withoutThinking).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('Expected `thinking`') } } });
    const altered = { ...thinking, thinking: `${thinking.thinking} (edited)` };
    const tampered = client.messages.create({ model: MODEL, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024 }, tools: [weatherTool], messages: [question, { role: 'assistant', content: [altered, toolUse] }, toolResult] });
    await expect(tampered).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('Invalid `signature`') } } });
  });

  it('rejects what the API rejects: thinking budget above max_tokens, temperature with thinking, an orphan tool_result', async () => {
    await expect(client.messages.create({ model: MODEL, max_tokens: 1000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 400 });
    // The SDK's current API version has no sampling parameters: sent raw, on 2023-06-01.
    const withTemperature = await postJson(
      `${simulator.url}/v1/messages`,
      { model: MODEL, max_tokens: 4000, temperature: 0.3, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Hi' }] },
      { 'x-api-key': KEY, 'anthropic-version': '2023-06-01' },
    );
    expect(withTemperature.status).toBe(400);
    expect(await withTemperature.json()).toMatchObject({ error: { type: 'invalid_request_error', message: '`temperature` may only be set to 1 when thinking is enabled.' } });
    const orphan = client.messages.create({ model: MODEL, max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_nope', content: 'x' }] }] });
    await expect(orphan).rejects.toMatchObject({ status: 400, error: { error: { message: expect.stringContaining('toolu_nope') } } });
  });

  it('answers errors in Anthropic\'s shape: wrong key, unknown model, missing anthropic-version, injected 529', async () => {
    const wrongKey = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: simulator.url, maxRetries: 0 });
    await expect(wrongKey.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error' } } });
    await expect(client.messages.create({ model: 'claude-nope', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status: 404, error: { error: { type: 'not_found_error' } } });

    const unversioned = await postJson(`${simulator.url}/v1/messages`, { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }, { 'x-api-key': KEY });
    expect(unversioned.status).toBe(400);
    expect(await unversioned.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });

    const overloaded = await postJson(`${simulator.url}/v1/messages`, { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }, { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'x-sim-error': '529' });
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers.get('retry-after')).toBe('1');
    expect(await overloaded.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('a mid-stream failure in error-event mode sends Anthropic\'s error event', async () => {
    const response = await postJson(
      `${simulator.url}/v1/messages`,
      { model: MODEL, max_tokens: 200, stream: true, messages: [{ role: 'user', content: 'Tell me a long story about mountains and rivers.' }] },
      { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'x-sim-fail-mid-stream': 'error-event' },
    );
    const text = await response.text();
    expect(text).toContain('event: message_start\n');
    expect(text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}\n\n$/);
    expect(text).not.toContain('[DONE]');
  });
});
