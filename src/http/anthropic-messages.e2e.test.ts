import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { sse, startFakeUpstream, type FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { openAIChatCompletion, openAIChunk, openAIUsageChunk } from '../providers/test-support/openai-fixtures.js';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * The official @anthropic-ai/sdk against POST /api/v1/messages, in front of an
 * OpenAI-compatible upstream (a scripted fake, so both what it receives and what it answers
 * are exact).
 */

const MODEL = 'moonshotai/kimi-k2';
let upstream: FakeUpstream;
let harness: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  harness = await startTestGateway({
    providers: [{ slug: 'compat', name: 'Compat Cloud', baseUrl: upstream.baseUrl }],
    keepaliveMs: 100,
    models: [testModel(MODEL, [{ provider: 'compat', upstreamModel: 'kimi-k2-instruct', prompt: 1, completion: 3 }], { inputModalities: ['text', 'image'] })],
  });
  client = new Anthropic({ baseURL: `${harness.url}/api`, apiKey: harness.apiKey, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => {
  await harness.close();
  await upstream.close();
});

function sentBody(): Record<string, unknown> {
  return upstream.lastRequest().body as Record<string, unknown>;
}

const WEATHER_TOOL: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Get the current weather in a given location',
  input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
};

describe('POST /api/v1/messages with @anthropic-ai/sdk', () => {
  it('answers a plain message: translated upstream call, Anthropic message back, usage split, generation recorded', async () => {
    upstream.enqueue({
      type: 'json',
      body: openAIChatCompletion({
        message: { content: 'Blue.' },
        usage: { prompt_tokens: 120, completion_tokens: 3, total_tokens: 123, prompt_tokens_details: { cached_tokens: 100 } },
      }),
    });
    const { data: message, response } = await client.messages
      .create({
        model: MODEL,
        max_tokens: 256,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Name a colour.' }],
        stop_sequences: ['END'],
        metadata: { user_id: 'user-42' },
      })
      .withResponse();

    const request = upstream.lastRequest();
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers['x-api-key']).toBeUndefined();
    expect(sentBody()).toMatchObject({
      model: 'kimi-k2-instruct',
      max_tokens: 256,
      stop: ['END'],
      user: 'user-42',
      messages: [
        // The OpenAI-compatible adapter flattens the system blocks (cache_control is Anthropic's).
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Name a colour.' },
      ],
    });
    expect(sentBody()).not.toHaveProperty('stop_sequences');
    expect(sentBody()).not.toHaveProperty('metadata');

    expect(message).toMatchObject({
      id: expect.stringMatching(/^msg_/),
      type: 'message',
      role: 'assistant',
      model: MODEL,
      provider: 'Compat Cloud',
      content: [{ type: 'text', text: 'Blue.', citations: null }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      // 120 prompt tokens, 100 of them cache reads; $1 / $3 per million (no cache price: full rate).
      usage: { input_tokens: 20, output_tokens: 3, cache_read_input_tokens: 100, cache_creation_input_tokens: 0, cost: 0.000129 },
    });
    expect(validateAgainstSpec('/messages', 'post', 200, message)).toEqual([]);
    const generationId = response.headers.get('x-generation-id');
    expect(message.id).toBe(`msg_${generationId!.replace(/^gen-/, '')}`);
    const generation = await fetch(`${harness.baseURL}/generation?id=${generationId}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    const record = (await generation.json()) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ model: MODEL, provider_name: 'Compat Cloud', tokens_prompt: 120, tokens_completion: 3, streamed: false, finish_reason: 'stop' });
  });

  it('streams with the SDK helpers: Anthropic events in order, the final message assembled, max_tokens mapped', async () => {
    upstream.enqueue({
      type: 'sse',
      steps: [
        sse.data(openAIChunk({ role: 'assistant', content: '' })),
        sse.data(openAIChunk({ content: 'Rivers ' })),
        sse.data(openAIChunk({ content: 'run to ' })),
        sse.data(openAIChunk({ content: 'the sea' })),
        sse.data(openAIChunk({}, 'length')),
        sse.data(openAIUsageChunk({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 })),
        sse.done(),
      ],
    });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 5, messages: [{ role: 'user', content: 'Tell me about rivers.' }] });
    const events: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => events.push(event.type));
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();

    expect(sentBody()).toMatchObject({ stream: true, max_tokens: 5, stream_options: { include_usage: true } });
    expect(text).toBe('Rivers run to the sea');
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(final.content).toEqual([{ type: 'text', text: 'Rivers run to the sea', citations: null }]);
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.model).toBe(MODEL);
    expect(final.usage).toMatchObject({ input_tokens: 12, output_tokens: 5, cache_read_input_tokens: 0 });
  });

  it('runs a tool conversation across two turns: streamed tool_use with split arguments, then tool_result', async () => {
    upstream.enqueue({
      type: 'sse',
      steps: [
        sse.data(openAIChunk({ role: 'assistant', content: 'Let me check.' })),
        sse.data(openAIChunk({ tool_calls: [{ index: 0, id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '' } }] })),
        sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: '{"location": "San' } }] })),
        sse.data(openAIChunk({ tool_calls: [{ index: 0, function: { arguments: ' Francisco, CA"}' } }] })),
        sse.data(openAIChunk({}, 'tool_calls')),
        sse.data(openAIUsageChunk({ prompt_tokens: 80, completion_tokens: 20, total_tokens: 100 })),
        sse.done(),
      ],
    });
    const firstTurn: Anthropic.MessageParam[] = [{ role: 'user', content: 'What is the weather like in San Francisco?' }];
    const first = await client.messages
      .stream({ model: MODEL, max_tokens: 1024, tools: [WEATHER_TOOL], tool_choice: { type: 'any', disable_parallel_tool_use: true }, messages: firstTurn })
      .finalMessage();

    expect(sentBody()).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.input_schema } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([
      { type: 'text', text: 'Let me check.', citations: null },
      { type: 'tool_use', id: 'call_abc123', name: 'get_weather', input: { location: 'San Francisco, CA' }, caller: { type: 'direct' } },
    ]);

    upstream.enqueue({ type: 'json', body: openAIChatCompletion({ message: { content: 'It is 15 degrees and foggy in San Francisco.' } }) });
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 1024,
      tools: [WEATHER_TOOL],
      messages: [
        ...firstTurn,
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_abc123', content: '15 degrees, fog' }, { type: 'text', text: 'Answer in one sentence.' }] },
      ],
    });
    expect(sentBody().messages).toEqual([
      { role: 'user', content: 'What is the weather like in San Francisco?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_abc123', content: '15 degrees, fog' },
      { role: 'user', content: 'Answer in one sentence.' },
    ]);
    expect(second.content).toEqual([{ type: 'text', text: 'It is 15 degrees and foggy in San Francisco.', citations: null }]);
    expect(second.stop_reason).toBe('end_turn');
  });

  it('maps thinking to reasoning and back, signatures intact across turns, streamed and not', async () => {
    const signature = 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds3IDlJFRCCd5HwjDw';
    upstream.enqueue({
      type: 'sse',
      steps: [
        sse.data(openAIChunk({ role: 'assistant', content: '', reasoning: 'The user wants ' })),
        sse.data(openAIChunk({ reasoning: '27 * 453.' })),
        sse.data(openAIChunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature, format: 'anthropic-claude-v1', index: 0 }] })),
        sse.data(openAIChunk({ content: '27 * 453 = 12231' })),
        sse.data(openAIChunk({}, 'stop')),
        sse.data(openAIUsageChunk({ prompt_tokens: 40, completion_tokens: 30, total_tokens: 70, completion_tokens_details: { reasoning_tokens: 22 } })),
        sse.done(),
      ],
    });
    const question: Anthropic.MessageParam = { role: 'user', content: 'What is 27 * 453?' };
    const first = await client.messages
      .stream({ model: MODEL, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [question] })
      .finalMessage();
    expect(sentBody().reasoning).toEqual({ enabled: true, max_tokens: 2048 });
    expect(first.content).toEqual([
      { type: 'thinking', thinking: 'The user wants 27 * 453.', signature },
      { type: 'text', text: '27 * 453 = 12231', citations: null },
    ]);

    upstream.enqueue({
      type: 'json',
      body: openAIChatCompletion({
        message: {
          content: 'Yes.',
          reasoning: 'Check: 27 * 453 = 12231.',
          reasoning_details: [
            { type: 'reasoning.text', text: 'Check: 27 * 453 = 12231.', signature: 'sig-2', format: 'anthropic-claude-v1', index: 0 },
            { type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw', format: 'anthropic-claude-v1', index: 1 },
          ],
        },
      }),
    });
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: 'Are you sure?' }],
    });
    const assistant = (sentBody().messages as Record<string, unknown>[])[1];
    expect(assistant).toEqual({
      role: 'assistant',
      content: '27 * 453 = 12231',
      reasoning: 'The user wants 27 * 453.',
      reasoning_details: [{ type: 'reasoning.text', text: 'The user wants 27 * 453.', signature, format: 'anthropic-claude-v1', index: 0 }],
    });
    expect(second.content).toEqual([
      { type: 'thinking', thinking: 'Check: 27 * 453 = 12231.', signature: 'sig-2' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw' },
      { type: 'text', text: 'Yes.', citations: null },
    ]);
  });

  it('fails in Anthropic\'s error shape: unknown model, a system role in messages, bad key, upstream failure mid-stream', async () => {
    const unknown = await client.messages.create({ model: 'nobody/no-model', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(Anthropic.BadRequestError);
    const badRequest = unknown as InstanceType<typeof Anthropic.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('nobody/no-model') }, request_id: expect.stringMatching(/^gen-/) });
    expect(upstream.requests).toHaveLength(0);

    const missing = await fetch(`${harness.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': harness.apiKey, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 10, messages: [{ role: 'system', content: 'Hi' }] }),
    });
    expect(missing.status).toBe(400);
    const missingBody: unknown = await missing.json();
    expect(missingBody).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages[0].role') } });
    expect(validateAgainstSpec('/messages', 'post', 400, missingBody)).toEqual([]);

    const stranger = new Anthropic({ baseURL: `${harness.url}/api`, apiKey: 'sk-not-a-key', maxRetries: 0 });
    const denied = await stranger.messages.create({ model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((denied as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });

    // A stream whose only upstream fails before any content: a plain JSON error, status kept.
    upstream.enqueue({ type: 'json', status: 500, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } });
    const early = await client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage().catch((error: unknown) => error);
    expect(early).toBeInstanceOf(Anthropic.InternalServerError);
    expect((early as InstanceType<typeof Anthropic.InternalServerError>).status).toBe(502);
    expect((early as InstanceType<typeof Anthropic.InternalServerError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' }, request_id: expect.stringMatching(/^gen-/) });

    upstream.enqueue({ type: 'sse', steps: [sse.data(openAIChunk({ role: 'assistant', content: 'Once upon' }))], end: 'drop' });
    const stream = client.messages.stream({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Tell a story.' }] });
    const failure = await stream.finalMessage().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('accepts Authorization: Bearer as well as x-api-key, and keeps images and routing extensions', async () => {
    upstream.enqueue({ type: 'json', body: openAIChatCompletion({ message: { content: 'A red square.' } }) });
    const ok = await fetch(`${harness.url}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        // OpenRouter's extensions: `models` alone names the model, `provider` filters endpoints.
        models: [MODEL],
        provider: { only: ['compat'] },
        max_tokens: 50,
        temperature: 0.2,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
              { type: 'image', source: { type: 'url', url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } },
              { type: 'text', text: 'Describe these.' },
            ],
          },
        ],
      }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { model: string }).model).toBe(MODEL);
    expect(sentBody().temperature).toBe(0.2);
    expect((sentBody().messages as unknown[])[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg' } },
        { type: 'text', text: 'Describe these.' },
      ],
    });
  });

  it('writes the SSE wire as Anthropic does: ping keep-alives while waiting, named events valid against the spec, no [DONE]', async () => {
    upstream.enqueue({
      type: 'sse',
      steps: [sse.pause(350), sse.data(openAIChunk({ role: 'assistant', content: 'Hello' })), sse.data(openAIChunk({}, 'stop')), sse.data(openAIUsageChunk()), sse.done()],
    });
    const response = await fetch(`${harness.url}/api/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': harness.apiKey, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: MODEL, max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toMatch(/^(event: ping\ndata: {"type":"ping"}\n\n)+event: message_start\n/);
    expect(text).not.toContain('[DONE]');
    const events = text
      .split('\n\n')
      .filter((block) => block !== '')
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) as { type: string } };
      });
    for (const event of events) expect(validateAgainstSpec('/messages', 'post', 200, event, 'text/event-stream')).toEqual([]);
    expect(events.filter((event) => event.event !== 'ping').map((event) => event.event)).toEqual([
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
  });
});
