import type { ChatRequest } from '../../spec/chat-request.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { GatewayError } from '../../spec/errors.js';
import { takeReady } from '../../spec/ready-iterator.js';

/** A minimal valid chat request; tests override what they exercise. */
export function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    kind: 'chat',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello!' }] }],
    stream: false,
    passthrough: {},
    ...overrides,
  };
}

/** Every part of a stream, or the parts before the error the iterator threw. */
export interface CollectedStream {
  parts: StreamPart[];
  thrown: unknown;
}

/**
 * How a test reads a stream: `awaited` awaits `next()` for every part (for await); `at-hand`
 * reads the way the gateway relays, taking the parts at hand synchronously (`takeReady`) and
 * awaiting only when none is.
 */
export type ReadMode = 'awaited' | 'at-hand';

/** Reads a stream to its end, keeping a thrown error instead of rethrowing it. */
export async function collectStream(stream: AsyncIterable<StreamPart>, mode: ReadMode = 'awaited'): Promise<CollectedStream> {
  const parts: StreamPart[] = [];
  try {
    if (mode === 'awaited') {
      for await (const part of stream) parts.push(part);
      return { parts, thrown: undefined };
    }
    const iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      const step = takeReady(iterator) ?? (await iterator.next());
      if (step.done === true) return { parts, thrown: undefined };
      parts.push(step.value);
    }
  } catch (error) {
    return { parts, thrown: error };
  }
}

/** Concatenated deltas of one kind. */
export function joinDeltas(parts: readonly StreamPart[], type: 'text-delta' | 'reasoning-delta' | 'refusal-delta'): string {
  let text = '';
  for (const part of parts) if (part.type === type) text += part.delta;
  return text;
}

/** Tool calls assembled by index the way clients do: id and name from the deltas that carry them. */
export function assembleToolCalls(parts: readonly StreamPart[]): { index: number; id: string | undefined; name: string | undefined; arguments: string }[] {
  const calls = new Map<number, { index: number; id: string | undefined; name: string | undefined; arguments: string }>();
  for (const part of parts) {
    if (part.type !== 'tool-call-delta') continue;
    const call = calls.get(part.index) ?? { index: part.index, id: undefined, name: undefined, arguments: '' };
    if (part.id !== undefined) call.id = part.id;
    if (part.name !== undefined) call.name = part.name;
    call.arguments += part.argumentsDelta;
    calls.set(part.index, call);
  }
  return [...calls.values()].sort((a, b) => a.index - b.index);
}

/** The GatewayError a promise rejected with; fails when it resolved or threw something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw new Error(`expected a GatewayError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the promise to reject');
}

/** What the error handler renders to clients and logs: the message and the metadata. */
export function errorText(error: GatewayError): string {
  const pieces: string[] = [error.message, JSON.stringify(error.metadata ?? {})];
  return pieces.join('\n');
}
