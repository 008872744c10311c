import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../spec/stream-part.js';
import { ANTHROPIC_MESSAGE_ID, ANTHROPIC_MODEL, ANTHROPIC_REDACTED_DATA, ANTHROPIC_SIGNATURE, anthropicEvent, anthropicParallelToolCallSteps } from '../test-support/anthropic-fixtures.js';
import type { SseStep } from '../test-support/fake-upstream.js';
import { sse } from '../test-support/fake-upstream.js';
import { TEST_API_KEY } from '../test-support/make-test-endpoint.js';
import { collectStream } from '../test-support/stream-helpers.js';
import { parseEventStream } from '../test-support/parse-event-stream.js';
import { convertAnthropicStream } from './convert-anthropic-stream.js';

const context = { providerName: 'Anthropic', apiKey: TEST_API_KEY };

/** The SSE bytes the steps would put on the wire, as one body. */
async function* body(steps: readonly SseStep[]): AsyncGenerator<string> {
  for (const step of steps) {
    if (step.kind === 'raw') yield step.text;
    else if (step.kind === 'data') yield `data: ${JSON.stringify(step.value)}\n\n`;
  }
}

async function convert(steps: readonly SseStep[]): Promise<{ parts: StreamPart[]; thrown: unknown }> {
  return collectStream(convertAnthropicStream(parseEventStream(body(steps), context), context));
}

describe('Anthropic stream events → parts', () => {
  it('announces metadata from message_start and ends with usage merged from message_delta', async () => {
    const { parts, thrown } = await convert([
      anthropicEvent.messageStart({ input_tokens: 50, cache_read_input_tokens: 1920, cache_creation_input_tokens: 36 }),
      anthropicEvent.textStart(0),
      anthropicEvent.text(0, 'Hi'),
      anthropicEvent.blockStop(0),
      anthropicEvent.messageDelta('end_turn', { output_tokens: 12 }),
      anthropicEvent.messageStop(),
    ]);
    expect(thrown).toBeUndefined();
    expect(parts).toEqual([
      { type: 'response-metadata', upstreamId: ANTHROPIC_MESSAGE_ID, upstreamModel: ANTHROPIC_MODEL },
      { type: 'text-delta', delta: 'Hi' },
      { type: 'finish', finishReason: 'stop', nativeFinishReason: 'end_turn', usage: { promptTokens: 2006, completionTokens: 12, cachedTokens: 1920, cacheWriteTokens: 36 } },
    ]);
  });

  it('numbers tool calls by their order among tool_use blocks, not by block index', async () => {
    const { parts } = await convert(anthropicParallelToolCallSteps());
    const toolParts = parts.filter((part) => part.type === 'tool-call-delta');
    expect(toolParts).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_weather_paris', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '"Paris","unit":"celsius"}' },
      { type: 'tool-call-delta', index: 1, id: 'call_weather_tokyo', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":"Tok' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'yo","unit":"celsius"}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool_calls', nativeFinishReason: 'tool_use' });
  });

  it('gives a call without arguments {} so clients can parse it', async () => {
    const { parts } = await convert([
      anthropicEvent.messageStart(),
      anthropicEvent.toolStart(0, 'toolu_01', 'get_time'),
      anthropicEvent.inputJson(0, ''),
      anthropicEvent.blockStop(0),
      anthropicEvent.messageDelta('tool_use'),
      anthropicEvent.messageStop(),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'toolu_01', name: 'get_time', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{}' },
    ]);
  });

  it('takes a tool_use start that already carries its input as the first fragment, without adding {}', async () => {
    const { parts } = await convert([
      anthropicEvent.messageStart(),
      anthropicEvent.blockStart(0, { type: 'tool_use', id: 'toolu_02', name: 'get_weather', input: { location: 'Oslo' } }),
      anthropicEvent.blockStop(0),
      anthropicEvent.messageDelta('tool_use'),
      anthropicEvent.messageStop(),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'toolu_02', name: 'get_weather', argumentsDelta: '{"location":"Oslo"}' },
    ]);
  });

  it('streams thinking as reasoning deltas, then one signed reasoning detail per block at its end', async () => {
    const { parts } = await convert([
      anthropicEvent.messageStart(),
      anthropicEvent.thinkingStart(0),
      anthropicEvent.thinking(0, 'Let me think. '),
      anthropicEvent.thinking(0, 'Paris is in France.'),
      anthropicEvent.signature(0, ANTHROPIC_SIGNATURE.slice(0, 20)),
      anthropicEvent.signature(0, ANTHROPIC_SIGNATURE.slice(20)),
      anthropicEvent.blockStop(0),
      anthropicEvent.blockStart(1, { type: 'redacted_thinking', data: ANTHROPIC_REDACTED_DATA }),
      anthropicEvent.blockStop(1),
      anthropicEvent.textStart(2),
      anthropicEvent.text(2, 'Paris.'),
      anthropicEvent.blockStop(2),
      anthropicEvent.messageDelta('end_turn'),
      anthropicEvent.messageStop(),
    ]);
    expect(parts.slice(1, -1)).toEqual([
      { type: 'reasoning-delta', delta: 'Let me think. ' },
      { type: 'reasoning-delta', delta: 'Paris is in France.' },
      { type: 'reasoning-details', details: [{ type: 'reasoning.text', text: 'Let me think. Paris is in France.', signature: ANTHROPIC_SIGNATURE, format: 'anthropic-claude-v1', index: 0 }] },
      { type: 'reasoning-details', details: [{ type: 'reasoning.encrypted', data: ANTHROPIC_REDACTED_DATA, format: 'anthropic-claude-v1', index: 1 }] },
      { type: 'text-delta', delta: 'Paris.' },
    ]);
  });

  it('ignores ping and unknown events, and skips unknown delta types', async () => {
    const { parts, thrown } = await convert([
      anthropicEvent.messageStart(),
      anthropicEvent.ping(),
      sse.event('future_event', { type: 'future_event', anything: true }),
      anthropicEvent.textStart(0),
      sse.event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: { type: 'char_location' } } }),
      anthropicEvent.text(0, 'ok'),
      anthropicEvent.blockStop(0),
      anthropicEvent.messageDelta('end_turn'),
      anthropicEvent.messageStop(),
    ]);
    expect(thrown).toBeUndefined();
    expect(parts.map((part) => part.type)).toEqual(['response-metadata', 'text-delta', 'finish']);
  });

  it('maps an in-stream error by its type: overloaded is 529, invalid request is 400', async () => {
    const overloaded = await convert([anthropicEvent.messageStart(), anthropicEvent.error('overloaded_error', 'Overloaded')]);
    expect(overloaded.parts.at(-1)).toMatchObject({ type: 'error', error: { kind: 'upstream_http', upstreamStatus: 529 } });
    const invalid = await convert([anthropicEvent.error('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum')]);
    expect(invalid.parts).toMatchObject([{ type: 'response-metadata' }, { type: 'error', error: { kind: 'upstream_http', status: 400, upstreamStatus: 400 } }]);
  });

  it('finishes when the body ends after the stop reason but before message_stop', async () => {
    const { parts, thrown } = await convert([anthropicEvent.messageStart(), anthropicEvent.textStart(0), anthropicEvent.text(0, 'Hi'), anthropicEvent.messageDelta('max_tokens')]);
    expect(thrown).toBeUndefined();
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length', nativeFinishReason: 'max_tokens' });
  });

  it('an event that does not match the protocol is upstream_invalid_response', async () => {
    const { thrown } = await convert([anthropicEvent.messageStart(), sse.event('content_block_start', { type: 'content_block_start', index: 'zero' })]);
    expect(thrown).toMatchObject({ kind: 'upstream_invalid_response' });
  });
});
