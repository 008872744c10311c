import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { validateAgainstSpec } from '../api/test-support/openapi-validator.js';
import { ANTHROPIC_REDACTED_DATA, ANTHROPIC_SIGNATURE, anthropicEvent, anthropicMessage } from '../providers/test-support/anthropic-fixtures.js';
import { startFakeUpstream, type FakeUpstream } from '../providers/test-support/fake-upstream.js';
import { startTestGateway, testModel, type TestGateway } from './test-support/start-test-gateway.js';

/**
 * @anthropic-ai/sdk → POST /api/v1/messages → the Anthropic adapter → an Anthropic-wire
 * upstream (scripted): the blocks the client sends reach Anthropic as they were, and
 * Anthropic's blocks reach the client as they were, signatures and cache breakpoints included.
 */

const MODEL = 'anthropic/claude-sonnet-4';
let upstream: FakeUpstream;
let harness: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startFakeUpstream('/v1');
  harness = await startTestGateway({
    providers: [{ slug: 'anthropic', name: 'Anthropic', baseUrl: upstream.baseUrl, config: { adapter: 'anthropic', api_key: 'sk-ant-upstream' } }],
    models: [testModel(MODEL, [{ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-20250514', prompt: 3, completion: 15 }], { inputModalities: ['text', 'image'] })],
  });
  client = new Anthropic({ baseURL: `${harness.url}/api`, apiKey: harness.apiKey, maxRetries: 0 });
});
beforeEach(() => upstream.reset());
afterAll(async () => {
  await harness.close();
  await upstream.close();
});

const WEATHER_TOOL: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Get the current weather in a given location',
  input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } }, required: ['location'] },
  cache_control: { type: 'ephemeral' },
};

describe('POST /api/v1/messages in front of an Anthropic upstream', () => {
  it('passes the blocks through both ways: thinking signatures, redacted thinking, cache_control, is_error, stop sequences', async () => {
    const conversation: Anthropic.MessageCreateParamsNonStreaming = {
      model: MODEL,
      max_tokens: 16000,
      system: [{ type: 'text', text: 'You are a weather assistant.', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      thinking: { type: 'enabled', budget_tokens: 10000 },
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['###'],
      metadata: { user_id: 'user-42' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'What is the weather where this was taken?', cache_control: { type: 'ephemeral' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The picture shows the Golden Gate Bridge.', signature: ANTHROPIC_SIGNATURE },
            { type: 'redacted_thinking', data: ANTHROPIC_REDACTED_DATA },
            { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA' } },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: 'Service unavailable', is_error: true, cache_control: { type: 'ephemeral' } }],
        },
      ],
    };
    upstream.enqueue({
      type: 'json',
      body: anthropicMessage({
        content: [
          { type: 'thinking', thinking: 'The tool failed; answer from general knowledge.', signature: ANTHROPIC_SIGNATURE },
          { type: 'text', text: 'San Francisco is usually mild and foggy.' },
        ],
        stopReason: 'stop_sequence',
        stopSequence: '###',
        usage: { input_tokens: 50, cache_read_input_tokens: 1800, cache_creation_input_tokens: 200, output_tokens: 90 },
      }),
    });
    const message = await client.messages.create(conversation);

    const request = upstream.lastRequest();
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-upstream');
    expect(request.body).toEqual({
      ...conversation,
      model: 'claude-sonnet-4-20250514',
      messages: [
        conversation.messages[0],
        conversation.messages[1],
        {
          role: 'user',
          // The breakpoint after the whole result sits on its (only) text: the same cache prefix.
          content: [{ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9', content: [{ type: 'text', text: 'Service unavailable', cache_control: { type: 'ephemeral' } }], is_error: true }],
        },
      ],
      stream: false,
    });

    expect(message).toMatchObject({
      model: MODEL,
      content: [
        { type: 'thinking', thinking: 'The tool failed; answer from general knowledge.', signature: ANTHROPIC_SIGNATURE },
        { type: 'text', text: 'San Francisco is usually mild and foggy.' },
      ],
      stop_reason: 'stop_sequence',
      stop_sequence: '###',
      usage: { input_tokens: 50, cache_read_input_tokens: 1800, cache_creation_input_tokens: 200, output_tokens: 90 },
    });
    expect(validateAgainstSpec('/messages', 'post', 200, message)).toEqual([]);
  });

  it('streams Anthropic\'s events back as Anthropic\'s events: thinking with its signature, text, tool input', async () => {
    upstream.enqueue({
      type: 'sse',
      steps: [
        anthropicEvent.messageStart({ input_tokens: 472 }),
        anthropicEvent.thinkingStart(0),
        anthropicEvent.thinking(0, 'I should call the weather tool.'),
        anthropicEvent.signature(0, ANTHROPIC_SIGNATURE),
        anthropicEvent.blockStop(0),
        anthropicEvent.textStart(1),
        anthropicEvent.text(1, 'Checking the weather.'),
        anthropicEvent.blockStop(1),
        anthropicEvent.toolStart(2, 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', 'get_weather'),
        anthropicEvent.inputJson(2, '{"location":'),
        anthropicEvent.inputJson(2, ' "San Francisco, CA"}'),
        anthropicEvent.blockStop(2),
        anthropicEvent.messageDelta('tool_use', { output_tokens: 89 }),
        anthropicEvent.messageStop(),
      ],
    });
    const final = await client.messages
      .stream({ model: MODEL, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather in SF?' }] })
      .finalMessage();

    expect(upstream.lastRequest().body).toMatchObject({ stream: true, thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 4096 });
    expect(final.content).toEqual([
      { type: 'thinking', thinking: 'I should call the weather tool.', signature: ANTHROPIC_SIGNATURE },
      { type: 'text', text: 'Checking the weather.', citations: null },
      { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: { location: 'San Francisco, CA' }, caller: { type: 'direct' } },
    ]);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toMatchObject({ input_tokens: 472, output_tokens: 89 });
  });

  it('answers an upstream overload in Anthropic\'s shape', async () => {
    upstream.enqueue({ type: 'json', status: 529, body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' } });
    const failure = await client.messages.create({ model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    const apiError = failure as InstanceType<typeof Anthropic.APIError>;
    expect(apiError.status).toBe(529);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' }, request_id: expect.stringMatching(/^gen-/) });
    expect(validateAgainstSpec('/messages', 'post', 529, apiError.error)).toEqual([]);
  });
});
