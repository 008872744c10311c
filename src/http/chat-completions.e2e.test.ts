import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [{ slug: 'acme', name: 'Acme AI' }, { slug: 'backup', name: 'Backup Cloud' }, { slug: 'spare', name: 'Spare Compute' }],
    models: [
      testModel('thudm/glm-4-32b', [{ provider: 'acme', upstreamModel: 'glm-4-32b-0414' }, { provider: 'backup', prompt: 0.5, completion: 1.5 }]),
      testModel('meta-llama/llama-3.3-70b-instruct', [{ provider: 'spare', prompt: 0.1, completion: 0.3 }]),
    ],
  });
});
afterAll(() => harness.close());

function lastRequest(slug: string): { path: string; headers: Record<string, string>; body: Record<string, unknown> } {
  const requests = harness.simulators[slug]!.requests;
  const last = requests[requests.length - 1];
  if (!last) throw new Error(`no request reached ${slug}`);
  return last as { path: string; headers: Record<string, string>; body: Record<string, unknown> };
}

describe('POST /api/v1/chat/completions with the openai SDK', () => {
  it('answers a plain chat, bills it exactly, and the generation is readable at once', async () => {
    const { data: completion, response } = await harness.client.chat.completions
      .create({ model: 'thudm/glm-4-32b', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name a colour.' }], temperature: 0.3 })
      .withResponse();
    const sent = lastRequest('acme');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body.model).toBe('glm-4-32b-0414');
    expect(sent.body.temperature).toBe(0.3);
    expect(sent.body).not.toHaveProperty('top_p');
    expect(sent.body).not.toHaveProperty('max_tokens');
    expect(sent.body.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Name a colour.' }]);

    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('thudm/glm-4-32b');
    expect(completion.id).toMatch(/^gen-/);
    expect(response.headers.get('x-generation-id')).toBe(completion.id);
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(typeof choice.message.content).toBe('string');
    expect(choice.message.content!.length).toBeGreaterThan(0);
    const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
    expect(usage.prompt_tokens).toBeGreaterThan(0);
    expect(usage.completion_tokens).toBeGreaterThan(0);
    // 0.24 USD per million on both sides: (prompt + completion) × 0.00000024 exactly.
    const expectedCost = Number(((BigInt(usage.prompt_tokens + usage.completion_tokens) * 240000n).toString().padStart(13, '0').replace(/(\d{12})$/, '.$1')));
    expect(usage.cost).toBe(expectedCost);

    const generation = await fetch(`${harness.baseURL}/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } });
    expect(generation.status).toBe(200);
    const record = (await generation.json()) as { data: Record<string, unknown> };
    expect(record.data).toMatchObject({ id: completion.id, model: 'thudm/glm-4-32b', provider_name: 'Acme AI', streamed: false, cancelled: false, finish_reason: 'stop', tokens_prompt: usage.prompt_tokens, tokens_completion: usage.completion_tokens, total_cost: usage.cost });
  });

  it('streams with the SDK: content deltas, then a final usage chunk with cost', async () => {
    const stream = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Tell me about rivers.' }], stream: true, max_tokens: 40 });
    let text = '';
    let finish: string | null = null;
    let usage: (OpenAI.CompletionUsage & { cost?: number }) | undefined;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(ids.size).toBe(1);
    expect(text.length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(finish);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
    expect(usage?.cost).toBeGreaterThan(0);
    const sent = lastRequest('acme');
    expect(sent.body.stream).toBe(true);
    expect(sent.body.stream_options).toEqual({ include_usage: true });
    expect(sent.body.max_tokens).toBe(40);
  });

  it('passes tools through and returns tool calls, plain and streamed', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
    ];
    const completion = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Weather in Paris?' }], tools, tool_choice: 'auto' });
    expect(lastRequest('acme').body.tools).toEqual(tools);
    expect(lastRequest('acme').body.tool_choice).toBe('auto');
    const call = completion.choices[0]!.message.tool_calls?.[0];
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call?.type).toBe('function');
    const fnCall = call as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(fnCall.function.name).toBe('get_weather');
    expect(JSON.parse(fnCall.function.arguments)).toHaveProperty('city');

    const stream = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools, stream: true });
    const calls = new Map<number, { id?: string; name?: string; args: string }>();
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        const entry = calls.get(delta.index) ?? { args: '' };
        if (delta.id) entry.id = delta.id;
        if (delta.function?.name) entry.name = delta.function.name;
        entry.args += delta.function?.arguments ?? '';
        calls.set(delta.index, entry);
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(calls.size).toBe(1);
    const streamed = calls.get(0)!;
    expect(streamed.name).toBe('get_weather');
    expect(streamed.id).toBeTruthy();
    expect(JSON.parse(streamed.args)).toHaveProperty('city');

    // Second turn: the tool result goes back upstream as a tool message.
    await harness.client.chat.completions.create({
      model: 'thudm/glm-4-32b',
      tools,
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: streamed.id!, type: 'function', function: { name: 'get_weather', arguments: streamed.args } }] },
        { role: 'tool', tool_call_id: streamed.id!, content: '{"temperature_c": 4}' },
      ],
    });
    const messages = lastRequest('acme').body.messages as Record<string, unknown>[];
    expect(messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: streamed.id, type: 'function', function: { name: 'get_weather', arguments: streamed.args } }] });
    expect(messages[2]).toMatchObject({ role: 'tool', tool_call_id: streamed.id, content: '{"temperature_c": 4}' });
  });

  it('falls back to the next provider when the first answers 503, and records both attempts', async () => {
    harness.simulators.acme!.update({ errorRate: 1, errorStatuses: [503] });
    try {
      const { data: completion } = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
      expect((completion as unknown as { provider: string }).provider).toBe('Backup Cloud');
      const record = (await (await fetch(`${harness.baseURL}/generation?id=${completion.id}`, { headers: { authorization: `Bearer ${harness.apiKey}` } })).json()) as { data: { provider_responses: { provider_name: string; status: number }[] } };
      expect(record.data.provider_responses.map((attempt) => [attempt.provider_name, attempt.status])).toEqual([['Acme AI', 503], ['Backup Cloud', 200]]);
    } finally {
      harness.simulators.acme!.update({ errorRate: 0 });
    }
  });

  it('names every attempt when all fail, and says 429 when every one was rate-limited', async () => {
    harness.simulators.acme!.update({ errorRate: 1, errorStatuses: [500] });
    harness.simulators.backup!.update({ errorRate: 1, errorStatuses: [502] });
    try {
      const error = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const apiError = error as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(502);
      expect(apiError.message).toContain('thudm/glm-4-32b@acme');
      expect(apiError.message).toContain('thudm/glm-4-32b@backup');

      harness.simulators.acme!.update({ errorStatuses: [429] });
      harness.simulators.backup!.update({ errorStatuses: [429] });
      const limited = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
      expect((limited as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    } finally {
      harness.simulators.acme!.update({ errorRate: 0 });
      harness.simulators.backup!.update({ errorRate: 0 });
    }
  });

  it('uses the models fallback list and bills the model actually used', async () => {
    harness.simulators.acme!.update({ errorRate: 1, errorStatuses: [500] });
    harness.simulators.backup!.update({ errorRate: 1, errorStatuses: [503] });
    try {
      const completion = await harness.client.chat.completions.create({ model: 'thudm/glm-4-32b', messages: [{ role: 'user', content: 'hi' }], models: ['meta-llama/llama-3.3-70b-instruct'] } as OpenAI.ChatCompletionCreateParamsNonStreaming);
      expect(completion.model).toBe('meta-llama/llama-3.3-70b-instruct');
      expect((completion as unknown as { provider: string }).provider).toBe('Spare Compute');
      expect(lastRequest('spare').body.model).toBe('spare-llama-3.3-70b-instruct');
      const usage = completion.usage as OpenAI.CompletionUsage & { cost: number };
      // Billed at llama's prices (0.1 prompt, 0.3 completion per million), not glm's.
      const picodollars = BigInt(usage.prompt_tokens) * 100000n + BigInt(usage.completion_tokens) * 300000n;
      expect(usage.cost).toBe(Number(picodollars) / 1e12);
    } finally {
      harness.simulators.acme!.update({ errorRate: 0 });
      harness.simulators.backup!.update({ errorRate: 0 });
    }
  });
});
