import { GatewayError } from '../../spec/errors.js';
import type { ServerSentEvent } from './server-sent-event.js';

/**
 * The next upstream event. A connection that breaks after the finish reason arrived
 * (typically while the usage event or the end marker was due) has delivered the whole answer:
 * it ends the stream normally, without usage, instead of failing an answer the client already
 * has in full. Before the finish, a broken connection is the error it is.
 */
export function nextEventAfterFinish(iterator: AsyncIterator<ServerSentEvent>, finished: boolean): Promise<IteratorResult<ServerSentEvent>> {
  // Not an async function: before the finish (every content event) the iterator's own
  // promise is handed back, with no extra promise and await per streamed token.
  const next = iterator.next();
  if (!finished) return next;
  return next.catch((error: unknown) => {
    if (error instanceof GatewayError && error.kind === 'upstream_connection') return { done: true, value: undefined };
    throw error;
  });
}
