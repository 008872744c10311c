import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A scripted fake upstream over real HTTP (node:http on an ephemeral port), so adapter tests
 * exercise the real client, keep-alive pool, SSE parsing and socket behaviour. Each request
 * takes the next scripted response; every request is recorded with what the adapter sent.
 */

/** One event line group of an SSE script. */
export type SseStep =
  /** `data: <JSON>` followed by a blank line. */
  | { kind: 'data'; value: unknown }
  /** Bytes written exactly as given (partial lines, `event:` fields, CRLF, `[DONE]`). */
  | { kind: 'raw'; text: string }
  /** Exact bytes, for splitting a UTF-8 character across two network writes. */
  | { kind: 'bytes'; bytes: Uint8Array }
  /** Wait before the next step. */
  | { kind: 'pause'; ms: number };

export type ScriptedResponse =
  | { type: 'json'; status?: number; headers?: Record<string, string>; body: unknown; delayMs?: number }
  /** A body that is sent as-is (HTML error pages, invalid JSON). */
  | { type: 'text'; status?: number; headers?: Record<string, string>; body: string; contentType?: string }
  /**
   * An SSE response. `end`: `close` ends the body normally; `drop` destroys the socket after
   * the last step (a connection lost mid-stream); `hang` keeps it open until the client leaves.
   */
  | { type: 'sse'; status?: number; headers?: Record<string, string>; steps: SseStep[]; end?: 'close' | 'drop' | 'hang' }
  /** Destroys the socket without any answer. */
  | { type: 'drop' }
  /** Never answers. */
  | { type: 'hang' };

/** SSE script helpers. */
export const sse = {
  /** A `data:` event carrying JSON. */
  data: (value: unknown): SseStep => ({ kind: 'data', value }),
  /** OpenAI's end marker `data: [DONE]`. */
  done: (): SseStep => ({ kind: 'raw', text: 'data: [DONE]\n\n' }),
  /** A comment line (`: OPENROUTER PROCESSING`), which clients must ignore. */
  comment: (text: string): SseStep => ({ kind: 'raw', text: `: ${text}\n\n` }),
  /** A named event (`event: <name>` then `data: <JSON>`), as Anthropic streams. */
  event: (name: string, value: unknown): SseStep => ({ kind: 'raw', text: `event: ${name}\ndata: ${JSON.stringify(value)}\n\n` }),
  raw: (text: string): SseStep => ({ kind: 'raw', text }),
  bytes: (bytes: Uint8Array): SseStep => ({ kind: 'bytes', bytes }),
  pause: (ms: number): SseStep => ({ kind: 'pause', ms }),
};

/** What the fake upstream received. */
export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  /** The client's port: equal ports on two requests mean the connection was reused. */
  remotePort: number | undefined;
  /** Resolves when the client closed the connection before the response was complete. */
  clientClosedEarly: Promise<void>;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Queues responses, answered in order. An unscripted request gets a 500. */
  enqueue(...responses: ScriptedResponse[]): void;
  /** The last request received (throws when there is none). */
  lastRequest(): RecordedRequest;
  /** Forgets recorded requests and unused scripts. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a fake upstream on 127.0.0.1 and an ephemeral port. */
export async function startFakeUpstream(basePath = '/v1'): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedResponse[] = [];
  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    let signalClosed: () => void = () => undefined;
    const clientClosedEarly = new Promise<void>((resolve) => {
      signalClosed = resolve;
    });
    response.on('close', () => {
      if (!response.writableFinished) signalClosed();
    });
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      rawBody,
      body: parseJson(rawBody),
      remotePort: request.socket.remotePort,
      clientClosedEarly,
    });
    const next = script.shift() ?? {
      type: 'json',
      status: 500,
      body: { error: { message: 'fake upstream: no scripted response', type: 'server_error', param: null, code: null } },
    };
    await respond(next, response);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: origin + basePath,
    origin,
    requests,
    enqueue: (...responses) => void script.push(...responses),
    lastRequest: () => {
      const last = requests.at(-1);
      if (last === undefined) throw new Error('fake upstream received no request');
      return last;
    },
    reset: () => {
      requests.length = 0;
      script.length = 0;
    },
    close: () => closeServer(server),
  };
}

async function respond(scripted: ScriptedResponse, response: ServerResponse): Promise<void> {
  switch (scripted.type) {
    case 'json': {
      if (scripted.delayMs !== undefined) await sleep(scripted.delayMs);
      if (response.destroyed) return;
      const body = JSON.stringify(scripted.body);
      response.writeHead(scripted.status ?? 200, { 'content-type': 'application/json', ...scripted.headers });
      response.end(body);
      return;
    }
    case 'text':
      response.writeHead(scripted.status ?? 200, { 'content-type': scripted.contentType ?? 'text/plain', ...scripted.headers });
      response.end(scripted.body);
      return;
    case 'drop':
      response.socket?.destroy();
      return;
    case 'hang':
      return;
    case 'sse': {
      response.writeHead(scripted.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...scripted.headers,
      });
      response.flushHeaders();
      for (const step of scripted.steps) {
        if (response.destroyed) return;
        if (step.kind === 'pause') await sleep(step.ms);
        else if (step.kind === 'bytes') await write(response, step.bytes);
        else await write(response, step.kind === 'data' ? `data: ${JSON.stringify(step.value)}\n\n` : step.text);
      }
      if (response.destroyed) return;
      const end = scripted.end ?? 'close';
      if (end === 'close') response.end();
      else if (end === 'drop') response.socket?.destroy();
      return;
    }
  }
}

/**
 * A TCP server that accepts connections and never says a word: pointed at with `https://`,
 * the TLS handshake never completes, which is exactly a connect timeout.
 */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connections are refused). */
export async function findClosedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function write(response: ServerResponse, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    response.write(text, () => resolve());
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
