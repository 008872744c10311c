import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../spec/errors.js';
import { takeReady } from '../../spec/ready-iterator.js';
import { makeTestEndpoint } from '../test-support/make-test-endpoint.js';
import { rejectionOf } from '../test-support/stream-helpers.js';
import { closeHttpClients } from './http-client.js';
import type { ServerSentEvent } from './server-sent-event.js';
import { sendEventStreamRequest, upstreamErrorOf } from './stream-upstream-events.js';

/** A real HTTP server whose answer each test scripts; it records the sockets it saw. */
let answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();
const sockets: Socket[] = [];
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    sockets.push(request.socket);
    request.resume();
    request.on('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await closeHttpClients(100);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function call(): { provider: ReturnType<typeof makeTestEndpoint>['provider']; request: { url: string; headers: Record<string, string>; body: string } } {
  const { provider } = makeTestEndpoint({ baseUrl, slug: 'events' });
  return { provider, request: { url: `${baseUrl}/chat/completions`, headers: { 'content-type': 'application/json' }, body: '{"stream":true}' } };
}

async function collect(events: AsyncIterable<ServerSentEvent>): Promise<string[]> {
  const all: string[] = [];
  for await (const event of events) all.push(event.data);
  return all;
}

/** Writes the pieces as separate network writes, each after the previous one was flushed. */
function writeInPieces(response: ServerResponse, pieces: (string | Uint8Array)[], end = true): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  response.flushHeaders();
  let index = 0;
  const next = (): void => {
    if (index === pieces.length) {
      if (end) response.end();
      return;
    }
    response.write(pieces[index++], () => setImmediate(next));
  };
  next();
}

describe('sendEventStreamRequest', () => {
  it('yields events split across reads, decodes UTF-8 split across them, skips comments, and keeps the connection', async () => {
    const bytes = new TextEncoder().encode('data: 日本\n\n');
    answer = (_request, response) => writeInPieces(response, [': keep-alive\n\n', 'event: message_start\ndata: {"a":', '1}\n\n', bytes.subarray(0, 8), bytes.subarray(8), 'data: [DONE]\n\n']);
    const { provider, request } = call();
    const first = await sendEventStreamRequest(provider, request, new AbortController().signal);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/event-stream');
    const events: ServerSentEvent[] = [];
    for await (const event of first.events) events.push(event);
    expect(events).toEqual([
      { event: 'message_start', id: undefined, data: '{"a":1}' },
      { event: undefined, id: undefined, data: '日本' },
      { event: undefined, id: undefined, data: '[DONE]' },
    ]);
    const start = sockets.length - 1;
    for (let round = 0; round < 3; round += 1) {
      const again = await sendEventStreamRequest(provider, request, new AbortController().signal);
      expect(await collect(again.events)).toEqual(['{"a":1}', '日本', '[DONE]']);
    }
    // Four calls in a row: the pool reuses its keep-alive sockets (undici alternates between
    // two while the previous one is being released) and none of them was closed.
    const used = new Set(sockets.slice(start));
    expect(used.size).toBeLessThanOrEqual(2);
    for (const socket of used) expect(socket.destroyed).toBe(false);
  });

  it('drops a leading byte order mark, even one split across reads', async () => {
    const { provider, request } = call();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    answer = (_request, response) => writeInPieces(response, [bom.subarray(0, 2), bom.subarray(2), 'data: first\n\ndata: \ufeffkept\n\n']);
    expect(await collect((await sendEventStreamRequest(provider, request, new AbortController().signal)).events)).toEqual(['first', '\ufeffkept']);
  });

  it('hands over the events at hand without a promise, and says when it must be awaited', async () => {
    const { provider, request } = call();
    let sendRest = (): void => undefined;
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: a\n\ndata: b\n\n');
      sendRest = () => response.end('data: c\n\n');
    };
    const iterator = (await sendEventStreamRequest(provider, request, new AbortController().signal)).events[Symbol.asyncIterator]() as AsyncIterator<ServerSentEvent>;
    expect((await iterator.next()).value?.data).toBe('a');
    expect(takeReady(iterator)).toEqual({ done: false, value: { event: undefined, id: undefined, data: 'b' } });
    expect(takeReady(iterator)).toBeUndefined();
    const rest = iterator.next();
    sendRest();
    expect((await rest).value?.data).toBe('c');
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(takeReady(iterator)).toEqual({ done: true, value: undefined });
  });

  it('dispatches a complete last line without its blank line, but drops a partial one', async () => {
    const { provider, request } = call();
    answer = (_request, response) => writeInPieces(response, ['data: a\n\ndata: b\n']);
    expect(await collect((await sendEventStreamRequest(provider, request, new AbortController().signal)).events)).toEqual(['a', 'b']);
    answer = (_request, response) => writeInPieces(response, ['data: a\n\ndata: {"trunc']);
    expect(await collect((await sendEventStreamRequest(provider, request, new AbortController().signal)).events)).toEqual(['a']);
  });

  it('delivers every event in order when many arrive in one read (the socket pauses and resumes)', async () => {
    const many = Array.from({ length: 500 }, (_, index) => `data: ${index}\n\n`).join('');
    answer = (_request, response) => writeInPieces(response, [many, 'data: last\n\n']);
    const { provider, request } = call();
    const events = await collect((await sendEventStreamRequest(provider, request, new AbortController().signal)).events);
    expect(events).toEqual([...Array.from({ length: 500 }, (_, index) => String(index)), 'last']);
  });

  it('throws a classified GatewayError after the events that arrived before the connection broke', async () => {
    answer = (_request, response) => {
      writeInPieces(response, ['data: a\n\n'], false);
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const { provider, request } = call();
    const response = await sendEventStreamRequest(provider, request, new AbortController().signal);
    const seen: string[] = [];
    let thrown: unknown;
    try {
      for await (const event of response.events) seen.push(event.data);
    } catch (error) {
      thrown = error;
    }
    expect(seen).toEqual(['a']);
    expect(thrown).toBeInstanceOf(GatewayError);
    expect(thrown).toMatchObject({ kind: 'upstream_connection' });
  });

  it('closes the upstream connection when the consumer stops early', async () => {
    let closed: Promise<void> = Promise.resolve();
    answer = (_request, response) => {
      closed = new Promise((resolve) => response.on('close', () => resolve()));
      writeInPieces(response, ['data: a\n\n'], false);
    };
    const { provider, request } = call();
    const response = await sendEventStreamRequest(provider, request, new AbortController().signal);
    for await (const event of response.events) if (event.data === 'a') break;
    await closed;
    expect(sockets[sockets.length - 1]?.destroyed).toBe(true);
  });

  it('an abort mid-stream rejects with the signal\'s reason', async () => {
    answer = (_request, response) => writeInPieces(response, ['data: a\n\n'], false);
    const { provider, request } = call();
    const controller = new AbortController();
    const response = await sendEventStreamRequest(provider, request, controller.signal);
    const iterator = response.events[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { event: undefined, id: undefined, data: 'a' } });
    const pending = iterator.next();
    controller.abort(new GatewayError('upstream_timeout', 'Upstream sent nothing for 10 ms'));
    expect(await rejectionOf(pending)).toMatchObject({ kind: 'upstream_timeout', message: 'Upstream sent nothing for 10 ms' });
  });

  it('an already-aborted signal never sends and is cancelled', async () => {
    const { provider, request } = call();
    const controller = new AbortController();
    controller.abort();
    const before = sockets.length;
    expect((await rejectionOf(sendEventStreamRequest(provider, request, controller.signal))).kind).toBe('cancelled');
    expect(sockets.length).toBe(before);
  });

  it('reads a non-2xx answer\'s body into the status error, and a JSON answer as text', async () => {
    answer = (_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end('{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}');
    };
    const { provider, request } = call();
    const signal = new AbortController().signal;
    const limited = await sendEventStreamRequest(provider, request, signal);
    const error = await upstreamErrorOf(limited, { providerName: provider.name, signal });
    expect(error).toMatchObject({ kind: 'upstream_http', upstreamStatus: 429, retryAfterSeconds: 3 });
    expect(error.message).toContain('Rate limit reached for requests');

    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"chatcmpl-1","object":"chat.completion"}');
    };
    const json = await sendEventStreamRequest(provider, request, signal);
    expect(await json.text()).toBe('{"id":"chatcmpl-1","object":"chat.completion"}');
  });
});
