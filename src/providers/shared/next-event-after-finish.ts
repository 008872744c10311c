import { GatewayError } from '../../spec/errors.js';
import type { ServerSentEvent } from './parse-event-stream.js';

/**
 * The next upstream event. A connection that breaks after the finish reason arrived
 * (typically while the usage event or the end marker was due) has delivered the whole answer:
 * it ends the stream normally, without usage, instead of failing an answer the client already
 * has in full. Before the finish, a broken connection is the error it is.
 */
export async function nextEventAfterFinish(iterator: AsyncIterator<ServerSentEvent>, finished: boolean): Promise<IteratorResult<ServerSentEvent>> {
  try {
    return await iterator.next();
  } catch (error) {
    if (finished && error instanceof GatewayError && error.kind === 'upstream_connection') return { done: true, value: undefined };
    throw error;
  }
}
