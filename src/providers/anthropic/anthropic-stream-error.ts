import type { GatewayError } from '../../spec/errors.js';
import { upstreamHttpError } from '../shared/upstream-error.js';
import type { UpstreamErrorContext } from '../shared/upstream-error.js';

/**
 * The HTTP status Anthropic uses for each error type
 * (https://docs.anthropic.com/en/api/errors). An error inside a stream arrives after a 200,
 * so its type is the only clue to what kind of failure it was.
 */
const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * The GatewayError for an `error` event inside a stream (`{"type":"error","error":{"type":
 * "overloaded_error","message":"Overloaded"}}`): classified as the matching HTTP error, so
 * an overloaded upstream is retryable (529) and an invalid request stays the client's fault.
 * Unknown types count as a server error.
 */
export function anthropicStreamError(errorType: string, message: string | null | undefined, context: UpstreamErrorContext): GatewayError {
  const status = STATUS_BY_ERROR_TYPE[errorType] ?? 500;
  const details = message === null || message === undefined ? { code: errorType } : { code: errorType, message };
  return upstreamHttpError(status, {}, details, context);
}
