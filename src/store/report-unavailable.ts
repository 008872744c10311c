import { GatewayError } from '../spec/errors.js';
import type { Store } from './store-types.js';

/**
 * The store as the request path sees it: a failure to reach the database (connection refused
 * or lost, pool or query timeout, statement timeout, a busy SQLite file) becomes a GatewayError
 * of kind `unavailable` (503, retry later) instead of an internal 500; other errors (constraint
 * violations, bugs, malformed rows) pass through unchanged.
 */
export function reportUnavailable(store: Store): Store {
  return {
    keys: guard(store.keys),
    generations: guard(store.generations),
    usage: guard(store.usage),
    credits: guard(store.credits),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

/** pg's own errors for a lost or unobtainable connection carry no code, only these messages. */
const UNREACHABLE_MESSAGE = /connection terminated|timeout exceeded when trying to connect|query read timeout|connection error|not queryable/i;
/** Node socket errors: the server is not there or went away. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * SQLSTATE classes that mean "not now" rather than "never": 08 connection exception, 40
 * transaction rollback (deadlock, serialization), 53 insufficient resources, 57 operator
 * intervention (statement timeout, server shutting down).
 */
const RETRYABLE_SQLSTATE = /^(08|40|53|57)[0-9A-Z]{3}$/;

/** True for errors that say the database could not be reached or answered in time. */
export function isStoreUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    return SOCKET_CODES.has(code) || RETRYABLE_SQLSTATE.test(code) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
  }
  return UNREACHABLE_MESSAGE.test(error.message);
}

function guard<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value, object, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          if (error instanceof GatewayError || !isStoreUnreachable(error)) throw error;
          throw new GatewayError('unavailable', 'The store is unavailable right now; try again shortly', { cause: error, retryAfterSeconds: 5 });
        });
      };
    },
  });
}
