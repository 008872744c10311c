import { GatewayError } from '../../spec/errors.js';
import { redactSecret, type UpstreamErrorContext } from './upstream-error.js';

/** A stream event whose data does not parse or has the wrong shape: a classified upstream error, never a crash. */
export function invalidStreamData(data: string, context: UpstreamErrorContext, cause: unknown, what = 'stream chunk'): GatewayError {
  return new GatewayError('upstream_invalid_response', `${context.providerName} sent a ${what} that does not parse`, {
    cause,
    metadata: { provider_name: context.providerName, raw_message: redactSecret(data.slice(0, 200), context.apiKey) },
  });
}
