import type { ChatRequest } from '../spec/chat-request.js';
import type { ChatResult } from '../spec/chat-result.js';
import type { StreamPart } from '../spec/stream-part.js';
import type { Endpoint } from '../catalog/catalog-types.js';

/**
 * What an adapter reads of its call's abort signal: a subset of AbortSignal, so a real one
 * fits (tests pass `new AbortController().signal`). The router passes a lighter object:
 * Node 20's AbortSignal is an EventTarget that survives young-generation GC, which cost
 * ~2.7 µs and ~700 bytes of promoted garbage per request (BENCHMARKS.md).
 */
export interface CallSignal {
  readonly aborted: boolean;
  /** Why it fired: the router's GatewayError (timeout, lost hedge, client gone). */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Everything an adapter needs for one upstream call besides the request itself. */
export interface UpstreamCall {
  /** The endpoint chosen by the router; `endpoint.provider` has base URL, key, options. */
  endpoint: Endpoint;
  /** Aborted when the client disconnects, a timeout fires or a hedge loses. */
  signal: CallSignal;
  /** Client headers an adapter may pass through (lower-case names). */
  clientHeaders: Record<string, string>;
}

/**
 * A provider adapter is pure translation plus one HTTP call: IR → wire request, one call
 * through the shared keep-alive client, wire response → IR. No routing, no accounting.
 *
 * Failures are GatewayErrors (spec/errors.ts) with kinds upstream_http (with
 * `upstreamStatus` and `retryAfterSeconds`), upstream_auth, upstream_connection,
 * upstream_timeout, upstream_invalid_response or cancelled.
 */
export interface ProviderAdapter {
  readonly protocol: string;
  /** Non-streamed call: resolves with the whole answer. */
  complete(request: ChatRequest, call: UpstreamCall): Promise<ChatResult>;
  /**
   * Streamed call: resolves once the upstream has answered with a success status, with the
   * answer as typed parts (ending in one `finish` part). An error reported by the upstream
   * inside the stream is yielded as an `error` part; a broken transport makes the iterator
   * throw a GatewayError.
   */
  stream(request: ChatRequest, call: UpstreamCall): Promise<AsyncIterable<StreamPart>>;
}
