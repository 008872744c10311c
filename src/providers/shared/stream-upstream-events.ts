import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import type { Provider } from '../../catalog/catalog-types.js';
import type { GatewayError } from '../../spec/errors.js';
import { ALREADY_READY, ITERATION_DONE, nextOf, type ReadyIterator } from '../../spec/ready-iterator.js';
import type { CallSignal } from '../provider-adapter.js';
import { classifyTransportError, type TransportErrorContext } from './classify-transport-error.js';
import { getHttpClient } from './http-client.js';
import type { ServerSentEvent } from './server-sent-event.js';
import { splitUrl } from './post-for-text.js';
import type { UpstreamHttpRequest } from './upstream-http-request.js';
import { readErrorDetails, upstreamHttpError, type ResponseHeaders } from './upstream-error.js';

/** An upstream's answer to a streamed call once its status and headers arrived. */
export interface UpstreamEventResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body as server-sent events (read once); stopping early closes the connection. */
  events: AsyncIterable<ServerSentEvent>;
  /** The whole body as text (a JSON answer, an error body), at most `limit` characters. */
  text(limit?: number, lenient?: boolean): Promise<string>;
}

/** Error bodies past this size are cut: only the start says what went wrong. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The GatewayError for a non-2xx answer, with (the start of) the error body for the
 * upstream's message. A body that breaks while read still yields the status error with what
 * was read; an abort while reading (client gone, router timeout) wins.
 */
export async function upstreamErrorOf(response: UpstreamEventResponse, context: TransportErrorContext & { apiKey?: string | undefined }): Promise<GatewayError> {
  const text = await response.text(ERROR_BODY_LIMIT, true);
  if (context.signal?.aborted) return classifyTransportError(undefined, context);
  return upstreamHttpError(response.status, response.headers, readErrorDetails(text), context);
}

/** Events waiting beyond this pause the socket until the consumer catches up (a slow client). */
const HIGH_WATER_EVENTS = 64;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * POSTs a streamed call through the provider's keep-alive pool and hands back the body as
 * server-sent events, driving undici's dispatcher directly: the bytes of each network read go
 * straight into the SSE parser and its events into one queue that a hand-written iterator
 * serves, synchronously through `takeReady` when an event is at hand. No body stream, no
 * async generator per layer: this runs per streamed token (BENCHMARKS.md measured undici's
 * `request()` body stream plus `parseEventStream` at about 100 µs of CPU per 20-chunk
 * stream). Semantics match `parseEventStream`: bytes are decoded incrementally (node's
 * StringDecoder: ICU's TextDecoder costs ~1 µs per small read), a leading byte order mark is
 * dropped, comments never appear, a last complete line without its blank line still
 * dispatches, and a transport failure is thrown (after the events before it) as a GatewayError.
 */
export function sendEventStreamRequest(provider: Provider, call: UpstreamHttpRequest, signal: CallSignal): Promise<UpstreamEventResponse> {
  const context: TransportErrorContext = { providerName: provider.name, signal };
  if (signal.aborted) return Promise.reject(classifyTransportError(undefined, context));
  const { origin, path } = splitUrl(call.url);
  return new Promise((resolve, reject) => {
    const body = new UpstreamEventBody(context);
    let started = false;
    const onAbort = (): void => body.controller?.abort(new Error('aborted by the gateway'));
    signal.addEventListener('abort', onAbort, { once: true });
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(controller) {
        body.controller = controller;
        if (signal.aborted) onAbort();
      },
      onResponseStart(_controller, statusCode, headers) {
        started = true;
        resolve({ status: statusCode, headers: headers as ResponseHeaders, events: body, text: (limit, lenient) => body.text(limit, lenient) });
      },
      onResponseData(_controller, chunk) {
        body.push(chunk);
      },
      onResponseEnd() {
        signal.removeEventListener('abort', onAbort);
        body.end();
      },
      onResponseError(_controller, error) {
        signal.removeEventListener('abort', onAbort);
        const failure = classifyTransportError(error, context);
        if (started) body.fail(failure);
        else reject(failure);
      },
    };
    getHttpClient(provider).dispatch({ origin, path, method: 'POST', headers: call.headers, body: call.body }, handler);
  });
}

/**
 * The body of one streamed answer. Bytes that arrive before the consumer chose how to read
 * them (they often come in the same network read as the headers) are kept raw; `events`
 * parses them and everything after into a queue, `text()` collects them.
 */
class UpstreamEventBody implements AsyncIterable<ServerSentEvent>, ReadyIterator<ServerSentEvent> {
  controller: Dispatcher.DispatchController | undefined;
  private readonly context: TransportErrorContext;
  private raw: Buffer[] = [];
  private parser: EventSourceParser | undefined;
  private decoder: StringDecoder | undefined;
  private decodedAny = false;
  private queue: ServerSentEvent[] = [];
  private head = 0;
  private ended = false;
  private released = false;
  private failure: GatewayError | undefined;
  private endsWithLineBreak = true;
  private textWaiter: (() => void) | undefined;
  private readiness: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(context: TransportErrorContext) {
    this.context = context;
  }

  [Symbol.asyncIterator](): AsyncIterator<ServerSentEvent> {
    if (this.parser === undefined) {
      this.decoder = new StringDecoder('utf8');
      this.parser = createParser({ onEvent: (event) => this.queue.push(event) });
      const raw = this.raw;
      this.raw = [];
      for (const chunk of raw) this.feed(chunk);
      if (this.ended) this.finishParsing();
    }
    return this;
  }

  push(chunk: Buffer): void {
    if (this.parser === undefined) {
      this.raw.push(chunk);
      this.textWaiter?.();
      return;
    }
    this.feed(chunk);
    this.wake();
    if (this.queue.length - this.head > HIGH_WATER_EVENTS && this.controller && !this.controller.paused) this.controller.pause();
  }

  end(): void {
    this.ended = true;
    if (this.parser !== undefined) {
      this.finishParsing();
      this.wake();
    } else this.textWaiter?.();
  }

  fail(error: GatewayError): void {
    if (this.released) return;
    this.failure = error;
    this.ended = true;
    this.wake();
    this.textWaiter?.();
  }

  takeReady(): IteratorResult<ServerSentEvent> | undefined {
    if (this.head < this.queue.length) return { done: false, value: this.take() };
    if (this.failure !== undefined) throw this.failure;
    if (this.ended || this.released) return ITERATION_DONE;
    if (this.controller?.paused) this.controller.resume();
    return undefined;
  }

  whenReady(): Promise<void> {
    if (this.head < this.queue.length || this.failure !== undefined || this.ended || this.released) return ALREADY_READY;
    if (this.controller?.paused) this.controller.resume();
    if (this.readiness === undefined) {
      let resolve = (): void => undefined;
      const promise = new Promise<void>((settle) => {
        resolve = settle;
      });
      this.readiness = { promise, resolve };
    }
    return this.readiness.promise;
  }

  next(): Promise<IteratorResult<ServerSentEvent>> {
    return nextOf(this);
  }

  /** The consumer stopped early: release the body, which closes the upstream connection. */
  return(): Promise<IteratorResult<ServerSentEvent>> {
    if (!this.ended && !this.released) {
      this.released = true;
      this.controller?.abort(new Error('released by the gateway'));
    }
    this.released = true;
    this.queue = [];
    this.head = 0;
    this.signalReady();
    return Promise.resolve(ITERATION_DONE);
  }

  /**
   * Collects the body (cut at `limit` characters, the rest dropped with the connection). A
   * transport failure rejects, unless `lenient`: then what was read is the answer.
   */
  async text(limit = Number.POSITIVE_INFINITY, lenient = false): Promise<string> {
    for (;;) {
      const size = this.raw.reduce((sum, chunk) => sum + chunk.length, 0);
      if (this.failure !== undefined && !lenient) throw this.failure;
      if (this.ended || this.released || size >= limit) {
        const text = Buffer.concat(this.raw).toString('utf8');
        if (!this.ended) void this.return();
        return text.length > limit ? text.slice(0, limit) : text;
      }
      await new Promise<void>((resolve) => {
        this.textWaiter = resolve;
      });
      this.textWaiter = undefined;
    }
  }

  private take(): ServerSentEvent {
    const event = this.queue[this.head] as ServerSentEvent;
    this.head += 1;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return event;
  }

  private feed(chunk: Buffer): void {
    let text = (this.decoder as StringDecoder).write(chunk);
    if (text.length === 0) return;
    if (!this.decodedAny) {
      this.decodedAny = true;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
      if (text.length === 0) return;
    }
    (this.parser as EventSourceParser).feed(text);
    const last = text.charCodeAt(text.length - 1);
    this.endsWithLineBreak = last === LINE_FEED || last === CARRIAGE_RETURN;
  }

  /**
   * Some servers end the body right after the last `data:` line without the blank line that
   * dispatches it: a complete line is still a complete event; a partial one is dropped.
   */
  private finishParsing(): void {
    const parser = this.parser as EventSourceParser;
    const rest = (this.decoder as StringDecoder).end();
    if (rest.length > 0) {
      parser.feed(rest);
      const last = rest.charCodeAt(rest.length - 1);
      this.endsWithLineBreak = last === LINE_FEED || last === CARRIAGE_RETURN;
    }
    if (this.endsWithLineBreak) parser.feed('\n');
  }

  private signalReady(): void {
    const readiness = this.readiness;
    if (readiness === undefined) return;
    this.readiness = undefined;
    readiness.resolve();
  }

  private wake(): void {
    if (this.readiness !== undefined && (this.head < this.queue.length || this.failure !== undefined || this.ended)) this.signalReady();
  }
}
