import { GatewayError, isGatewayError } from '../../spec/errors.js';
import type { CallSignal } from '../provider-adapter.js';

/**
 * Turns whatever the HTTP client threw (undici errors, Node socket errors, abort reasons)
 * into the GatewayError kinds the router classifies: upstream_connection, upstream_timeout,
 * cancelled. Messages name the provider and the failure, never a URL's credentials or a key.
 */

/** Socket-level codes that mean "could not connect" or "the connection broke". */
const CONNECTION_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_SOCKET: 'socket closed by the other side',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'response shorter than its content-length',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connect timeout',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
  UND_ERR_INFO: 'connection failed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
};

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
};

/** Who we were talking to, for messages. */
export interface TransportErrorContext {
  providerName: string;
  /** The call's signal: when it fired, its reason decides the error. */
  signal?: CallSignal;
}

/**
 * Maps an error thrown while sending a request or reading its response to a GatewayError.
 * An abort by our own signal becomes `cancelled`, unless the signal's reason is already a
 * GatewayError (a router timeout, a lost hedge), which is returned unchanged.
 */
export function classifyTransportError(error: unknown, context: TransportErrorContext): GatewayError {
  const { signal, providerName } = context;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    if (isGatewayError(reason)) return reason;
    return new GatewayError('cancelled', 'Request cancelled', { cause: error });
  }
  if (isGatewayError(error)) return error;

  const code = findErrorCode(error);
  if (code !== undefined) {
    const connection = CONNECTION_CODES[code];
    if (connection !== undefined) {
      return new GatewayError('upstream_connection', `Could not reach ${providerName}: ${connection}`, {
        cause: error,
        metadata: { transport_code: code },
      });
    }
    const timeout = TIMEOUT_CODES[code];
    if (timeout !== undefined) {
      return new GatewayError('upstream_timeout', `${providerName} timed out: ${timeout}`, {
        cause: error,
        metadata: { transport_code: code },
      });
    }
    if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
      return new GatewayError('cancelled', 'Request cancelled', { cause: error });
    }
    if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') {
      // Our own request was malformed (a bad header value in the config, say): not the upstream's fault.
      return new GatewayError('internal', `Could not send the request to ${providerName}`, { cause: error });
    }
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new GatewayError('cancelled', 'Request cancelled', { cause: error });
  }
  // Anything else thrown by the transport still means the exchange with the upstream failed.
  return new GatewayError('upstream_connection', `Connection to ${providerName} failed`, { cause: error });
}

/**
 * The first known error code on the error, its `cause` chain or an AggregateError's members
 * (Node's happy-eyeballs connect reports ECONNREFUSED per address inside an AggregateError).
 */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code: unknown = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code in CONNECTION_CODES || code in TIMEOUT_CODES || code.startsWith('UND_ERR') || code === 'ABORT_ERR')) {
    return code;
  }
  if (error instanceof AggregateError) {
    for (const member of error.errors) {
      const found = findErrorCode(member, depth + 1);
      if (found !== undefined) return found;
    }
  }
  const cause: unknown = (error as { cause?: unknown }).cause;
  const fromCause = findErrorCode(cause, depth + 1);
  if (fromCause !== undefined) return fromCause;
  return typeof code === 'string' ? code : undefined;
}
