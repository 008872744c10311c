import type { ServerSentEvent } from './server-sent-event.js';

/**
 * Reads the rest of an upstream body after the terminal part (usage after the finish,
 * `[DONE]`, `message_stop`) so the connection returns to the keep-alive pool. Failures here
 * no longer matter: the answer is complete. Resolves true (released).
 */
export async function drainEventStream(iterator: AsyncIterator<ServerSentEvent>): Promise<boolean> {
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done === true) return true;
    }
  } catch {
    return true;
  }
}
