import type { Endpoint, Model } from '../../catalog/catalog-types.js';
import type { EndpointStatistics } from '../../spec/usage-statistics.js';
import { encodeArchitecture } from './encode-model.js';
import { encodePricing } from './encode-pricing.js';

export const NO_STATISTICS: EndpointStatistics = {
  latencyLast30m: null,
  throughputLast30m: null,
  uptimeLast5m: null,
  uptimeLast30m: null,
  uptimeLast1d: null,
};

/** S:PublicEndpoint. */
export function encodeEndpoint(model: Model, endpoint: Endpoint, statistics: EndpointStatistics): Record<string, unknown> {
  return {
    name: `${endpoint.provider.name} | ${model.id}`,
    model_id: model.canonicalSlug,
    model_name: model.name,
    provider_name: endpoint.provider.name,
    tag: endpoint.tag,
    context_length: endpoint.contextLength,
    max_prompt_tokens: endpoint.maxPromptTokens,
    max_completion_tokens: endpoint.maxCompletionTokens,
    quantization: endpoint.quantization,
    pricing: encodePricing(endpoint.pricing),
    supported_parameters: endpoint.supportedParameters,
    status: 0,
    supports_implicit_caching: endpoint.pricing.inputCacheRead !== undefined,
    uptime_last_5m: statistics.uptimeLast5m,
    uptime_last_30m: statistics.uptimeLast30m,
    uptime_last_1d: statistics.uptimeLast1d,
    latency_last_30m: statistics.latencyLast30m,
    throughput_last_30m: statistics.throughputLast30m,
  };
}

/** S:ListEndpointsResponse data for `GET /models/{author}/{slug}/endpoints`. */
export function encodeModelEndpoints(model: Model, statisticsFor: (endpoint: Endpoint) => EndpointStatistics): Record<string, unknown> {
  return {
    id: model.id,
    name: model.name,
    created: model.created,
    description: model.description,
    architecture: encodeArchitecture(model),
    endpoints: model.endpoints.map((endpoint) => encodeEndpoint(model, endpoint, statisticsFor(endpoint))),
  };
}
