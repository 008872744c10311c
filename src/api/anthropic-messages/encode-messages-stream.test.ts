import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import type { StreamPart } from '../../spec/stream-part.js';
import type { UsageBody } from '../shared/encode-usage.js';
import { validateAgainstSpec } from '../test-support/openapi-validator.js';
import { MESSAGES_KEEPALIVE, MessagesStreamWriter } from './encode-messages-stream.js';

const IDENTITY = { id: 'gen-1764400000-AbCdEfGhIjKlMnOpQrSt', created: 1764400000, model: 'anthropic/claude-sonnet-4', providerName: 'Anthropic' };

const USAGE: UsageBody = {
  prompt_tokens: 472,
  completion_tokens: 89,
  total_tokens: 561,
  cost: 0.002,
  is_byok: false,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
  cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0.001, upstream_inference_completions_cost: 0.001 },
};

/** Parses the writer's output back into (event name, data) pairs. */
function events(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      expect(eventLine).toMatch(/^event: /);
      expect(dataLine).toMatch(/^data: /);
      const data = JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>;
      expect(data.type).toBe(eventLine!.slice('event: '.length));
      // Each event as OpenRouter's /messages stream has it (S:MessagesStreamingResponse).
      expect(validateAgainstSpec('/messages', 'post', 200, { event: data.type, data }, 'text/event-stream')).toEqual([]);
      return { event: eventLine!.slice('event: '.length), data };
    });
}

function run(parts: StreamPart[]): { writer: MessagesStreamWriter; text: string } {
  const writer = new MessagesStreamWriter(IDENTITY);
  return { writer, text: parts.map((part) => writer.writePart(part)).join('') };
}

describe('MessagesStreamWriter', () => {
  it('writes the event sequence of Anthropic\'s streaming reference for thinking, text and a tool call', () => {
    const { writer, text } = run([
      { type: 'response-metadata', upstreamId: 'msg_01' },
      { type: 'reasoning-delta', delta: 'I need to find the GCD of 1071 and 462.' },
      { type: 'reasoning-details', details: [{ type: 'reasoning.text', text: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl', format: 'anthropic-claude-v1' }] },
      { type: 'reasoning-details', details: [{ type: 'reasoning.encrypted', data: 'EmwKAhgBEgy3va3pzix', format: 'anthropic-claude-v1' }] },
      { type: 'text-delta', delta: 'Okay, let\'s check' },
      { type: 'text-delta', delta: ' the weather.' },
      { type: 'tool-call-delta', index: 0, id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ' "San Francisco, CA"}' },
      { type: 'tool-call-delta', index: 1, id: 'toolu_02', name: 'get_time', argumentsDelta: '{}' },
    ]);
    const all = events(text + writer.writeEnd({ finishReason: 'tool_calls', nativeFinishReason: 'tool_use' }, USAGE));
    expect(all).toEqual([
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: {
            id: 'msg_1764400000-AbCdEfGhIjKlMnOpQrSt', type: 'message', role: 'assistant', container: null, content: [], model: 'anthropic/claude-sonnet-4', provider: 'Anthropic',
            stop_reason: null, stop_details: null, stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: null, output_tokens_details: null, inference_geo: null, server_tool_use: null, service_tier: null },
          },
        },
      },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'I need to find the GCD of 1071 and 462.' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '', citations: null } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Okay, let\'s check' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: ' the weather.' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 2 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', input: {}, caller: { type: 'direct' } } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"location":' } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: ' "San Francisco, CA"}' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 3 } },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 4, content_block: { type: 'tool_use', id: 'toolu_02', name: 'get_time', input: {}, caller: { type: 'direct' } } } },
      { event: 'content_block_delta', data: { type: 'content_block_delta', index: 4, delta: { type: 'input_json_delta', partial_json: '{}' } } },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 4 } },
      {
        event: 'message_delta',
        data: {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null, stop_details: null, container: null },
          usage: {
            input_tokens: 472, output_tokens: 89, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, cache_creation: null, output_tokens_details: { thinking_tokens: 0 },
            inference_geo: null, server_tool_use: null, service_tier: null, cost: 0.002, is_byok: false, cost_details: USAGE.cost_details,
          },
        },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ]);
  });

  it('ends an empty answer with message_start, message_delta and message_stop; names the stop sequence', () => {
    const writer = new MessagesStreamWriter(IDENTITY);
    const all = events(writer.writeEnd({ finishReason: 'stop', nativeFinishReason: 'stop_sequence', stopSequence: 'END' }, USAGE));
    expect(all.map((entry) => entry.event)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(all[1]!.data.delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: 'END', stop_details: null, container: null });
  });

  it('reports a failure as an error event in Anthropic\'s shape', () => {
    const { writer, text } = run([{ type: 'text-delta', delta: 'Once upon' }]);
    const all = events(text + writer.writeError(new GatewayError('upstream_http', 'Upstream overloaded', { upstreamStatus: 529 })));
    expect(all.at(-1)).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: 'Upstream overloaded' }, request_id: IDENTITY.id },
    });
  });

  it('keeps the connection warm with ping events', () => {
    expect(events(MESSAGES_KEEPALIVE)).toEqual([{ event: 'ping', data: { type: 'ping' } }]);
  });
});
