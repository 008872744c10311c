import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSimulator } from './start-simulator.js';
import type { RunningSimulator } from './simulator-types.js';
import { parseChunks, postJson, readEventData } from './test-support/simulator-test-client.js';

const chatChunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number(),
      delta: z.object({
        role: z.string().optional(),
        content: z.string().nullable().optional(),
        tool_calls: z
          .array(
            z.object({
              index: z.number(),
              id: z.string().optional(),
              type: z.string().optional(),
              function: z.object({ name: z.string().optional(), arguments: z.string().optional() }),
            }),
          )
          .optional(),
      }),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).nullable().optional(),
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer' },
      },
      required: ['location', 'unit'],
    },
  },
};

describe('startSimulator', () => {
  let simulator: RunningSimulator;
  let client: OpenAI;

  beforeAll(async () => {
    simulator = await startSimulator({
      name: 'testsim',
      firstTokenLatencyMs: 5,
      tokensPerSecond: 2000,
      models: ['sim-model', 'sim-model-turbo'],
    });
    client = new OpenAI({ baseURL: simulator.baseUrl, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => simulator.close());

  it('answers a chat request with an OpenAI chat.completion the SDK accepts', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'Explain kubernetes networking' }],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('sim-model');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toContain('kubernetes');
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(5);
    expect(completion.usage?.completion_tokens).toBeGreaterThan(10);
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
  });

  it('streams chunks that parse, ending with a usage chunk and [DONE]', async () => {
    const body = {
      model: 'sim-model',
      messages: [{ role: 'user' as const, content: 'Explain kubernetes networking' }],
      stream: true,
      stream_options: { include_usage: true },
    };
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, body);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const payloads = await readEventData(response);
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = parseChunks(payloads).map((chunk) => chatChunk.parse(chunk));
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(10);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const streamed = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const whole = await client.chat.completions.create({ model: 'sim-model', messages: body.messages });
    expect(streamed).toBe(whole.choices[0]?.message.content);
  });

  it('sends no usage chunk unless asked', async () => {
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, {
      model: 'sim-model',
      messages: [{ role: 'user', content: 'hello there' }],
      stream: true,
    });
    const chunks = parseChunks(await readEventData(response)).map((chunk) => chatChunk.parse(chunk));
    expect(chunks.every((chunk) => chunk.usage === undefined && chunk.choices.length === 1)).toBe(true);
  });

  it('streams through the SDK', async () => {
    const stream = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'Tell me about databases' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usageSeen = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageSeen = true;
    }
    expect(text).toContain('databases');
    expect(usageSeen).toBe(true);
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'sim-model',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Write a long essay about compilers' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);

    const streamed = await postJson(`${simulator.baseUrl}/chat/completions`, {
      model: 'sim-model',
      max_completion_tokens: 3,
      stream: true,
      messages: [{ role: 'user', content: 'Write a long essay about compilers' }],
    });
    const chunks = parseChunks(await readEventData(streamed)).map((chunk) => chatChunk.parse(chunk));
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length');
  });

  it('honours stop sequences and quoted instructions', async () => {
    const echoed = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'Say "pong, twice: pong" and nothing else' }],
    });
    expect(echoed.choices[0]?.message.content).toBe('pong, twice: pong');
    const stopped = await client.chat.completions.create({
      model: 'sim-model',
      stop: [','],
      messages: [{ role: 'user', content: 'Say "pong, twice: pong" and nothing else' }],
    });
    expect(stopped.choices[0]?.message.content).toBe('pong');
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams a tool call as several argument deltas that concatenate to JSON', async () => {
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, {
      model: 'sim-model',
      stream: true,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    const chunks = parseChunks(await readEventData(response)).map((chunk) => chatChunk.parse(chunk));
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]?.id).toMatch(/^call_/);
    expect(calls[0]?.function.name).toBe('get_weather');
    const argumentDeltas = calls.map((call) => call.function.arguments ?? '').filter((piece) => piece !== '');
    expect(argumentDeltas.length).toBeGreaterThan(1);
    const parsed = z
      .object({ location: z.string(), unit: z.enum(['celsius', 'fahrenheit']) })
      .strict()
      .parse(JSON.parse(argumentDeltas.join('')));
    expect(parsed.location).toBe('Paris');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('answers in text when tool_choice is none or after a tool result', async () => {
    const none = await client.chat.completions.create({
      model: 'sim-model',
      tools: [weatherTool],
      tool_choice: 'none',
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
    });
    expect(none.choices[0]?.message.tool_calls).toBeUndefined();
    expect(none.choices[0]?.finish_reason).toBe('stop');

    const followUp = await client.chat.completions.create({
      model: 'sim-model',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature": 21}' },
      ],
    });
    expect(followUp.choices[0]?.message.content).toContain('temperature');
  });

  it('answers JSON for json_object and json_schema response formats', async () => {
    const object = await client.chat.completions.create({
      model: 'sim-model',
      response_format: { type: 'json_object' },
      messages: [{ role: 'user', content: 'Describe volcanoes as JSON' }],
    });
    expect(JSON.parse(object.choices[0]?.message.content ?? '')).toMatchObject({ topic: 'volcanoes' });

    const schema = await client.chat.completions.create({
      model: 'sim-model',
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          schema: {
            type: 'object',
            properties: { city: { type: 'string' }, population: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } },
            required: ['city', 'population', 'tags'],
          },
        },
      },
      messages: [{ role: 'user', content: 'Largest city in France' }],
    });
    const parsed = z
      .object({ city: z.string(), population: z.number().int(), tags: z.array(z.string()) })
      .parse(JSON.parse(schema.choices[0]?.message.content ?? ''));
    expect(parsed.city).toBe('Paris');
  });

  it('serves legacy completions, whole and streamed', async () => {
    const completion = await client.completions.create({ model: 'sim-model', prompt: 'Once upon a time', max_tokens: 4 });
    expect(completion.object).toBe('text_completion');
    expect(typeof completion.choices[0]?.text).toBe('string');
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(4);

    const response = await postJson(`${simulator.baseUrl}/completions`, {
      model: 'sim-model',
      prompt: 'Once upon a time',
      stream: true,
      stream_options: { include_usage: true },
    });
    const payloads = await readEventData(response);
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = parseChunks(payloads);
    expect(chunks[0]).toMatchObject({ object: 'text_completion', choices: [{ index: 0, finish_reason: null }] });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4 } });
  });

  it('lists its models and rejects unknown ones like OpenAI', async () => {
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toEqual(['sim-model', 'sim-model-turbo']);
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, {
      model: 'nope',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'model_not_found', type: 'invalid_request_error' } });
  });

  it('rejects malformed bodies with a 400 naming the parameter', async () => {
    const response = await postJson(`${simulator.baseUrl}/chat/completions`, { model: 'sim-model', messages: 'hi' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'messages' } });
  });

  it('records the requests it receives', async () => {
    const before = simulator.requests.length;
    await postJson(`${simulator.baseUrl}/chat/completions`, { model: 'sim-model', messages: [{ role: 'user', content: 'record me' }] }, {
      authorization: 'Bearer secret',
    }).then((response) => response.text());
    const recorded = simulator.requests[before];
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: 'Bearer secret' } });
    expect(recorded?.body).toMatchObject({ messages: [{ content: 'record me' }] });
  });
});

describe('startSimulator access checks', () => {
  it('requires its API key when one is configured', async () => {
    const simulator = await startSimulator({ apiKey: 'sk-sim', firstTokenLatencyMs: 0, tokensPerSecond: Infinity });
    try {
      const body = { model: 'any', messages: [{ role: 'user', content: 'hi' }] };
      const denied = await postJson(`${simulator.baseUrl}/chat/completions`, body, { authorization: 'Bearer wrong' });
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
      const allowed = await postJson(`${simulator.baseUrl}/chat/completions`, body, { authorization: 'Bearer sk-sim' });
      expect(allowed.status).toBe(200);
    } finally {
      await simulator.close();
    }
  });

  it('rejects prompts beyond its context length', async () => {
    const simulator = await startSimulator({ contextLength: 50, firstTokenLatencyMs: 0 });
    try {
      const response = await postJson(`${simulator.baseUrl}/chat/completions`, {
        model: 'any',
        max_tokens: 45,
        messages: [{ role: 'user', content: 'a fairly ordinary question about nothing much' }],
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'context_length_exceeded' } });
    } finally {
      await simulator.close();
    }
  });
});
