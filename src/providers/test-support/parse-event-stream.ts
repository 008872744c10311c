import { createParser } from 'eventsource-parser';
import { classifyTransportError } from '../shared/classify-transport-error.js';
import type { TransportErrorContext } from '../shared/classify-transport-error.js';
import type { ServerSentEvent } from '../shared/server-sent-event.js';


/** A response body: undici's BodyReadable, or any async iterable of bytes or text in tests. */
export type EventStreamBody = AsyncIterable<Uint8Array | string>;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * Test support (the adapters read SSE through stream-upstream-events.ts): parses an SSE body into events as they arrive, so adapters deal in events rather
 * than bytes. Bytes are decoded incrementally (a UTF-8 character split across two network
 * reads stays intact). A transport failure while reading is thrown as a GatewayError
 * (upstream_connection, upstream_timeout, cancelled, or the abort reason itself). Stopping
 * the iteration early releases the body, which closes the upstream connection.
 */
export async function* parseEventStream(body: EventStreamBody, context: TransportErrorContext): AsyncGenerator<ServerSentEvent, void, undefined> {
  const decoder = new TextDecoder();
  const pending: ServerSentEvent[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const chunks = body[Symbol.asyncIterator]();
  let endsWithLineBreak = true;
  let finished = false;
  try {
    for (;;) {
      let step: IteratorResult<Uint8Array | string>;
      try {
        step = await chunks.next();
      } catch (error) {
        finished = true; // the body is already destroyed
        throw classifyTransportError(error, context);
      }
      if (step.done === true) break;
      const text = typeof step.value === 'string' ? step.value : decoder.decode(step.value, { stream: true });
      if (text.length === 0) continue;
      parser.feed(text);
      const last = text.charCodeAt(text.length - 1);
      endsWithLineBreak = last === LINE_FEED || last === CARRIAGE_RETURN;
      for (let index = 0; index < pending.length; index++) yield pending[index] as ServerSentEvent;
      pending.length = 0;
    }
    finished = true;
    const rest = decoder.decode();
    if (rest.length > 0) {
      parser.feed(rest);
      const last = rest.charCodeAt(rest.length - 1);
      endsWithLineBreak = last === LINE_FEED || last === CARRIAGE_RETURN;
    }
    // Some servers end the body right after the last `data:` line without the blank line
    // that dispatches it. A complete line is still a complete event; a partial line (the
    // connection died mid-write) is dropped, as the SSE spec says.
    if (endsWithLineBreak) parser.feed('\n');
    for (let index = 0; index < pending.length; index++) yield pending[index] as ServerSentEvent;
    pending.length = 0;
  } finally {
    if (!finished) await releaseBody(chunks);
  }
}

async function releaseBody(chunks: AsyncIterator<Uint8Array | string>): Promise<void> {
  try {
    // A Node Readable's iterator destroys the stream on return(); undici then drops the socket.
    await chunks.return?.();
  } catch {
    // Releasing is best effort; the body may already have failed.
  }
}
