import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, sse } from '../providers/test-support/fake-upstream.js';
import type { FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { startSimulator } from '../simulator/start-simulator.js';
import type { RunningSimulator } from '../simulator/simulator-types.js';
import { startTestGateway, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * The openai SDK against the gateway, in front of a Gemini-wire upstream (the simulator's
 * generateContent API, which like Gemini 3 refuses a function call sent back without its
 * thought signature): a thinking + tool conversation over two turns, the client carrying
 * `reasoning_details` back on the assistant message as OpenRouter clients do.
 */

const GOOGLE_KEY = 'AIzaSy-test-gemini-key-0123456789';
const MODEL = 'google/gemini-2.5-flash';

let simulator: RunningSimulator;
let harness: TestGateway;
/** A scripted Gemini upstream for answers the simulator never gives (a blocked prompt). */
let scripted: FakeUpstream;

beforeAll(async () => {
  scripted = await startFakeUpstream('/v1beta');
  simulator = await startSimulator({ name: 'google-ai-studio', models: ['gemini-2.5-flash'], apiKey: GOOGLE_KEY, firstTokenLatencyMs: 0, latencyJitter: 0, tokensPerSecond: Number.POSITIVE_INFINITY });
  harness = await startTestGateway({
    providers: [
      { slug: 'google-ai-studio', name: 'Google AI Studio', baseUrl: `${simulator.url}/v1beta`, config: { adapter: 'gemini', api_key: GOOGLE_KEY } },
      { slug: 'google-scripted', name: 'Google Scripted', baseUrl: scripted.baseUrl, config: { adapter: 'gemini', api_key: GOOGLE_KEY } },
    ],
    models: [
      {
        id: 'google/gemini-2.5-flash-scripted',
        name: 'Gemini (scripted upstream)',
        created: '2025-06-17',
        context_length: 1048576,
        endpoints: [{ provider: 'google-scripted', upstream_model: 'gemini-2.5-flash', pricing: { prompt: 0.3, completion: 2.5 } }],
      },
      {
        id: MODEL,
        name: 'Google: Gemini 2.5 Flash',
        created: '2025-06-17',
        context_length: 1048576,
        endpoints: [
          {
            provider: 'google-ai-studio',
            upstream_model: 'gemini-2.5-flash',
            pricing: { prompt: 0.3, completion: 2.5 },
            supported_parameters: ['max_tokens', 'temperature', 'tools', 'tool_choice', 'reasoning', 'include_reasoning'],
          },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await harness.close();
  await simulator.close();
  await scripted.close();
});

const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['location', 'unit'],
      additionalProperties: false,
    },
  },
};
const QUESTION: OpenAI.ChatCompletionUserMessageParam = { role: 'user', content: 'What is the weather in Paris?' };
const TOOL_RESULT = '{"temperature_c":24,"condition":"sunny"}';

/** OpenRouter's extensions on a message, as the SDK hands them through. */
interface ReasoningFields {
  reasoning?: string | null;
  reasoning_details?: { type: string; data?: string; id?: string | null; format?: string; index?: number }[];
}

interface SentToGemini {
  path: string;
  headers: Record<string, string>;
  body: { contents: { role: string; parts: Record<string, unknown>[] }[]; tools?: unknown; generationConfig?: Record<string, unknown> };
}

function lastSent(): SentToGemini {
  const last = simulator.requests.at(-1);
  if (last === undefined) throw new Error('no request reached the Gemini upstream');
  return last as unknown as SentToGemini;
}

/** The second turn a client sends: the question, the assistant turn as received, the tool's result. */
function secondTurn(assistant: OpenAI.ChatCompletionAssistantMessageParam & ReasoningFields, toolCallId: string): OpenAI.ChatCompletionMessageParam[] {
  return [QUESTION, assistant, { role: 'tool', tool_call_id: toolCallId, content: TOOL_RESULT }];
}

/** What the upstream must receive on the second turn: the call with its signature, the response under its name. */
function expectSignatureCarriedBack(sent: SentToGemini, signature: string): void {
  expect(sent.headers['x-goog-api-key']).toBe(GOOGLE_KEY);
  expect(sent.body.contents).toEqual([
    { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
    { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { location: expect.any(String), unit: 'celsius' } }, thoughtSignature: signature }] },
    { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature_c: 24, condition: 'sunny' } } }] },
  ]);
  expect(sent.body.generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
}

describe('openai SDK → gateway → Gemini upstream: thinking + tools over two turns', () => {
  it('non-streamed: the first turn returns the call, reasoning and its signature; the second carries the signature back', async () => {
    const first = await harness.client.chat.completions.create({
      model: MODEL,
      messages: [QUESTION],
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      reasoning: { effort: 'low' },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const firstSent = lastSent();
    expect(firstSent.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(firstSent.body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'OBJECT', properties: { location: { type: 'STRING' }, unit: { type: 'STRING', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] } },
        ],
      },
    ]);

    const choice = first.choices[0]!;
    const message = choice.message as OpenAI.ChatCompletionMessage & ReasoningFields;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toMatchObject({ location: expect.any(String), unit: 'celsius' });
    expect(message.reasoning).toContain('I will call get_weather');
    const detail = message.reasoning_details?.find((entry) => entry.type === 'reasoning.encrypted');
    expect(detail).toMatchObject({ format: 'google-gemini-v1', id: call.id, data: expect.any(String) });
    expect(first.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);

    const assistant = { role: 'assistant' as const, content: null, tool_calls: [call], reasoning_details: message.reasoning_details };
    const second = await harness.client.chat.completions.create({
      model: MODEL,
      messages: secondTurn(assistant, call.id),
      tools: [WEATHER_TOOL],
      reasoning: { effort: 'low' },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expectSignatureCarriedBack(lastSent(), detail!.data!);
    expect(second.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toContain('sunny');
  });

  it('a second turn whose client dropped reasoning_details still works: the call goes back with Google\'s stand-in signature', async () => {
    const first = await harness.client.chat.completions.create({ model: MODEL, messages: [QUESTION], tools: [WEATHER_TOOL], tool_choice: 'required', reasoning: { effort: 'low' } } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const call = first.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    const second = await harness.client.chat.completions.create({
      model: MODEL,
      messages: secondTurn({ role: 'assistant', content: null, tool_calls: [call] }, call.id),
      tools: [WEATHER_TOOL],
      reasoning: { effort: 'low' },
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    expect(second.choices[0]?.message.content).toContain('sunny');
    expect(lastSent().body.contents[1]?.parts[0]).toMatchObject({ functionCall: { name: 'get_weather' }, thoughtSignature: 'skip_thought_signature_validator' });
  });

  it('a signature the upstream did not issue is refused, and the client gets its 400', async () => {
    const first = await harness.client.chat.completions.create({ model: MODEL, messages: [QUESTION], tools: [WEATHER_TOOL], tool_choice: 'required', reasoning: { effort: 'low' } } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const call = first.choices[0]!.message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
    const forged = [{ type: 'reasoning.encrypted', data: 'Zm9yZ2VkLXNpZ25hdHVyZQ==', id: call.id, format: 'google-gemini-v1', index: 0 }];
    const refused = await harness.client.chat.completions
      .create({ model: MODEL, messages: secondTurn({ role: 'assistant', content: null, tool_calls: [call], reasoning_details: forged }, call.id), tools: [WEATHER_TOOL], reasoning: { effort: 'low' } } as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toMatchObject({ status: 400 });
    expect(String((refused as Error).message)).toContain('thought signature');
    expect(lastSent().body.contents[1]?.parts[0]).toMatchObject({ thoughtSignature: 'Zm9yZ2VkLXNpZ25hdHVyZQ==' });
  });

  it('streamed: reasoning and signature arrive as deltas, the call whole; the second streamed turn carries the signature back', async () => {
    const stream = await harness.client.chat.completions.create({
      model: MODEL,
      messages: [QUESTION],
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      reasoning: { effort: 'low' },
      stream: true,
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    let reasoning = '';
    const details: NonNullable<ReasoningFields['reasoning_details']> = [];
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (choice === undefined) continue;
      const delta = choice.delta as OpenAI.ChatCompletionChunk.Choice.Delta & ReasoningFields;
      if (delta.reasoning) reasoning += delta.reasoning;
      if (delta.reasoning_details) details.push(...delta.reasoning_details);
      for (const toolDelta of delta.tool_calls ?? []) {
        const entry = calls.get(toolDelta.index) ?? { id: '', name: '', arguments: '' };
        entry.id += toolDelta.id ?? '';
        entry.name += toolDelta.function?.name ?? '';
        entry.arguments += toolDelta.function?.arguments ?? '';
        calls.set(toolDelta.index, entry);
      }
      finishReason = choice.finish_reason ?? finishReason;
    }
    // The simulator records the path without its query; it refuses a stream without alt=sse.
    expect(lastSent().path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(finishReason).toBe('tool_calls');
    expect(reasoning).toContain('I will call get_weather');
    expect(calls.size).toBe(1);
    const call = calls.get(0)!;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toMatchObject({ unit: 'celsius' });
    const signature = details.find((entry) => entry.type === 'reasoning.encrypted');
    expect(signature).toMatchObject({ format: 'google-gemini-v1', id: call.id });

    const assistant = {
      role: 'assistant' as const,
      content: null,
      tool_calls: [{ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }],
      reasoning_details: details,
    };
    const second = await harness.client.chat.completions.create({
      model: MODEL,
      messages: secondTurn(assistant, call.id),
      tools: [WEATHER_TOOL],
      reasoning: { effort: 'low' },
      stream: true,
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    let content = '';
    let secondFinish: string | null = null;
    for await (const chunk of second) {
      content += chunk.choices[0]?.delta.content ?? '';
      secondFinish = chunk.choices[0]?.finish_reason ?? secondFinish;
    }
    const sent = lastSent();
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expectSignatureCarriedBack(sent, signature!.data!);
    expect(secondFinish).toBe('stop');
    expect(content).toContain('sunny');
  });
});

describe('openai SDK → gateway → Gemini upstream: a blocked prompt', () => {
  const blocked = { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }, modelVersion: 'gemini-2.5-flash', responseId: 'blocked-1' };

  it('is a 400 naming the block reason, plain and streamed', async () => {
    scripted.enqueue({ type: 'json', body: blocked }, { type: 'sse', steps: [sse.data(blocked)] });
    const plain = await harness.client.chat.completions.create({ model: 'google/gemini-2.5-flash-scripted', messages: [QUESTION] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(plain).toMatchObject({ status: 400 });
    expect(String((plain as Error).message)).toContain('PROHIBITED_CONTENT');
    expect((plain as { error?: { metadata?: Record<string, unknown> } }).error?.metadata).toMatchObject({ block_reason: 'PROHIBITED_CONTENT', error_type: 'prompt_blocked' });

    const streamed = await harness.client.chat.completions.create({ model: 'google/gemini-2.5-flash-scripted', messages: [QUESTION], stream: true }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(streamed).toMatchObject({ status: 400 });
    expect(String((streamed as Error).message)).toContain('PROHIBITED_CONTENT');
    expect(scripted.requests.map((request) => request.path)).toEqual([
      '/v1beta/models/gemini-2.5-flash:generateContent',
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    ]);
  });
});
