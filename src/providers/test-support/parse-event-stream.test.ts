import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { parseEventStream } from './parse-event-stream.js';
import type { ServerSentEvent } from '../shared/server-sent-event.js';

async function* chunks(...pieces: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const piece of pieces) yield piece;
}

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<ServerSentEvent[]> {
  const all: ServerSentEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const context = { providerName: 'Acme' };

describe('parseEventStream', () => {
  it('yields data events with their names and skips comments', async () => {
    const events = await collect(parseEventStream(chunks(': keep-alive\n\n', 'event: message_start\ndata: {"a":1}\n\n', 'data: [DONE]\n\n'), context));
    expect(events).toEqual([
      { event: 'message_start', id: undefined, data: '{"a":1}' },
      { event: undefined, id: undefined, data: '[DONE]' },
    ]);
  });

  it('joins multi-line data and events split across chunks', async () => {
    const events = await collect(parseEventStream(chunks('data: li', 'ne 1\ndata: line 2\n', '\n'), context));
    expect(events.map((event) => event.data)).toEqual(['line 1\nline 2']);
  });

  it('decodes UTF-8 split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('data: 日本\n\n');
    const events = await collect(parseEventStream(chunks(bytes.subarray(0, 8), bytes.subarray(8)), context));
    expect(events.map((event) => event.data)).toEqual(['日本']);
  });

  it('dispatches a complete last line without its blank line, but drops a partial one', async () => {
    expect((await collect(parseEventStream(chunks('data: a\n\ndata: b\n'), context))).map((event) => event.data)).toEqual(['a', 'b']);
    expect((await collect(parseEventStream(chunks('data: a\n\ndata: {"trunc'), context))).map((event) => event.data)).toEqual(['a']);
  });

  it('throws a classified GatewayError when the body fails', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'data: a\n\n';
      throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    }
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const event of parseEventStream(failing(), context)) seen.push(event.data);
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual(['a']);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ kind: 'upstream_connection' });
  });

  it('releases the body when the consumer stops early', async () => {
    let released = false;
    async function* body(): AsyncGenerator<string> {
      try {
        yield 'data: a\n\n';
        yield 'data: b\n\n';
      } finally {
        released = true;
      }
    }
    for await (const event of parseEventStream(body(), context)) if (event.data === 'a') break;
    expect(released).toBe(true);
  });
});
