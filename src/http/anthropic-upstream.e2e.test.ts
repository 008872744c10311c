import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * An OpenAI-format client (the real `openai` SDK) holding a tool conversation with a model
 * served over Anthropic's Messages wire. The simulated upstream checks what the real API
 * checks: `anthropic-version`, tool_result blocks answering the tool_use blocks before them,
 * and, with thinking on, the previous turn's thinking block echoed first with its signature
 * intact. A second turn that succeeds is the proof the round trip is exact.
 */

const UPSTREAM_KEY = 'sk-ant-api03-e2e-0123456789';
const MODEL = 'anthropic/claude-sonnet-4.6';
const UPSTREAM_MODEL = 'claude-sonnet-4-6';

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({
    providers: [
      {
        slug: 'anthropic',
        name: 'Anthropic',
        simulator: { apiKey: UPSTREAM_KEY, models: [UPSTREAM_MODEL] },
        config: { adapter: 'anthropic', api_key: UPSTREAM_KEY },
      },
    ],
    models: [
      {
        id: MODEL,
        name: 'Anthropic: Claude Sonnet 4.6',
        created: '2026-02-17',
        context_length: 200000,
        endpoints: [
          {
            provider: 'anthropic',
            upstream_model: UPSTREAM_MODEL,
            max_completion_tokens: 64000,
            pricing: { prompt: 3, completion: 15 },
            supported_parameters: ['max_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice', 'reasoning'],
          },
        ],
      },
    ],
  });
});
afterAll(() => harness.close());

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};
const system: OpenAI.ChatCompletionMessageParam = { role: 'system', content: 'You are a weather assistant.' };
const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'What is the weather in Paris?' };
const toolResultText = '{"temperature_c":18,"condition":"cloudy"}';

/** OpenRouter's fields on an assistant message, beyond the SDK's types. */
interface ReasoningDetail {
  type: string;
  text?: string;
  signature?: string | null;
  format?: string;
}
type AssistantWithReasoning = OpenAI.ChatCompletionMessage & { reasoning?: string; reasoning_details?: ReasoningDetail[] };
/** Request fields the SDK does not type (OpenRouter's `reasoning`). */
type WithReasoning<T> = T & { reasoning: { max_tokens: number } };

interface UpstreamRequest {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown> & { messages: { role: string; content: Record<string, unknown>[] }[] };
}

function upstreamRequests(): UpstreamRequest[] {
  return harness.simulators.anthropic!.requests as unknown as UpstreamRequest[];
}

/** What the client sends back after running the tool: the assistant turn as received, then the result. */
function secondTurn(assistant: AssistantWithReasoning): OpenAI.ChatCompletionMessageParam[] {
  const call = assistant.tool_calls![0]!;
  const echoed = { role: 'assistant', content: assistant.content, tool_calls: assistant.tool_calls, reasoning_details: assistant.reasoning_details };
  return [system, question, echoed as OpenAI.ChatCompletionAssistantMessageParam, { role: 'tool', tool_call_id: call.id, content: toolResultText }];
}

/** The checks on the second request the upstream received: the whole history in Anthropic blocks. */
function expectSecondTurnUpstream(sent: UpstreamRequest, assistant: AssistantWithReasoning): void {
  const call = assistant.tool_calls![0]!;
  if (call.type !== 'function') throw new Error('expected a function call');
  const thinking = assistant.reasoning_details![0]!;
  expect(sent.path).toBe('/v1/messages');
  expect(sent.headers['x-api-key']).toBe(UPSTREAM_KEY);
  expect(sent.headers['anthropic-version']).toBe('2023-06-01');
  expect(sent.body.system).toBe('You are a weather assistant.');
  expect(sent.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  expect(sent.body.messages).toEqual([
    { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: thinking.text, signature: thinking.signature },
        { type: 'tool_use', id: call.id, name: 'get_weather', input: JSON.parse(call.function.arguments) as unknown },
      ],
    },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: toolResultText }] },
  ]);
}

describe('an OpenAI-format tool conversation served by an Anthropic upstream', () => {
  it('non-streamed: tool call with signed reasoning, then the answer once the result and the signature come back', async () => {
    const firstParams: WithReasoning<OpenAI.ChatCompletionCreateParamsNonStreaming> = { model: MODEL, messages: [system, question], tools: [weatherTool], reasoning: { max_tokens: 1024 } };
    const first = await harness.client.chat.completions.create(firstParams, { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' } });
    const firstChoice = first.choices[0]!;
    const assistant = firstChoice.message as AssistantWithReasoning;
    expect(firstChoice.finish_reason).toBe('tool_calls');
    expect(assistant.tool_calls).toHaveLength(1);
    const call = assistant.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('get_weather');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toMatchObject({ location: expect.any(String) });
    expect(assistant.reasoning).toMatch(/get_weather/);
    expect(assistant.reasoning_details).toEqual([
      { type: 'reasoning.text', text: assistant.reasoning, signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/), format: 'anthropic-claude-v1', index: 0 },
    ]);
    expect(first.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);

    const firstSent = upstreamRequests().at(-1)!;
    expect(firstSent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(firstSent.body).toMatchObject({
      model: UPSTREAM_MODEL,
      max_tokens: 64000,
      stream: false,
      tools: [{ name: 'get_weather', description: 'Current weather for a city', input_schema: weatherTool.function.parameters }],
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });

    const secondParams: WithReasoning<OpenAI.ChatCompletionCreateParamsNonStreaming> = { model: MODEL, messages: secondTurn(assistant), tools: [weatherTool], reasoning: { max_tokens: 1024 } };
    const second = await harness.client.chat.completions.create(secondParams);
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toContain('18');
    expectSecondTurnUpstream(upstreamRequests().at(-1)!, assistant);
  });

  it('streamed: reasoning, signed details and tool call arguments by pieces, then the streamed answer', async () => {
    const firstParams: WithReasoning<OpenAI.ChatCompletionCreateParamsStreaming> = { model: MODEL, messages: [system, question], tools: [weatherTool], reasoning: { max_tokens: 1024 }, stream: true };
    const assistant = await readStreamedTurn(await harness.client.chat.completions.create(firstParams));
    expect(assistant.finishReason).toBe('tool_calls');
    expect(assistant.message.tool_calls).toHaveLength(1);
    expect(assistant.message.reasoning).toMatch(/get_weather/);
    expect(assistant.message.reasoning_details).toEqual([
      { type: 'reasoning.text', text: assistant.message.reasoning, signature: expect.any(String), format: 'anthropic-claude-v1', index: 0 },
    ]);
    expect(upstreamRequests().at(-1)!.body.stream).toBe(true);

    const secondParams: WithReasoning<OpenAI.ChatCompletionCreateParamsStreaming> = { model: MODEL, messages: secondTurn(assistant.message), tools: [weatherTool], reasoning: { max_tokens: 1024 }, stream: true };
    const answer = await readStreamedTurn(await harness.client.chat.completions.create(secondParams));
    expect(answer.finishReason).toBe('stop');
    expect(answer.message.content).toContain('18');
    expect(answer.usage?.completion_tokens).toBeGreaterThan(0);
    expectSecondTurnUpstream(upstreamRequests().at(-1)!, assistant.message);
  });

  it('an upstream 529 overloaded answer is reported as a provider failure, not as the client\'s fault', async () => {
    const simulator = harness.simulators.anthropic!;
    simulator.update({ errorRate: 1, errorStatuses: [529] });
    try {
      const failing = harness.client.chat.completions.create({ model: MODEL, messages: [question] });
      await expect(failing).rejects.toMatchObject({ status: 502 });
      const response = await fetch(`${harness.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages: [question] }),
      });
      expect(response.status).toBe(502);
      expect(JSON.stringify(await response.json())).toContain('529');
    } finally {
      simulator.update({ errorRate: 0 });
    }
    expect(upstreamRequests().at(-1)!.path).toBe('/v1/messages');
  });
});

/** Assembles a streamed assistant turn the way OpenRouter clients do. */
async function readStreamedTurn(stream: AsyncIterable<OpenAI.ChatCompletionChunk>): Promise<{ message: AssistantWithReasoning; finishReason: string | null; usage: OpenAI.CompletionUsage | undefined }> {
  let content = '';
  let reasoning = '';
  const details: ReasoningDetail[] = [];
  const calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  let finishReason: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta as OpenAI.ChatCompletionChunk.Choice.Delta & { reasoning?: string | null; reasoning_details?: ReasoningDetail[] };
    content += delta.content ?? '';
    reasoning += delta.reasoning ?? '';
    details.push(...(delta.reasoning_details ?? []));
    for (const call of delta.tool_calls ?? []) {
      const entry = (calls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (call.id) entry.id = call.id;
      if (call.function?.name) entry.function.name = call.function.name;
      entry.function.arguments += call.function?.arguments ?? '';
    }
    finishReason = choice.finish_reason ?? finishReason;
  }
  const message: AssistantWithReasoning = { role: 'assistant', content: content === '' ? null : content, refusal: null, reasoning, reasoning_details: details };
  if (calls.length > 0) message.tool_calls = calls;
  return { message, finishReason, usage };
}
