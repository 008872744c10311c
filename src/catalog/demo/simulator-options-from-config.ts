import type { SimulatorBehaviour, SimulatorOptions } from '../../simulator/simulator-options.js';
import type { DemoSimulatorConfig, GatewayConfig } from '../config-schema.js';

/**
 * A config `demo.simulators[]` entry as simulator options: the provider's key and auth header
 * are required by the simulator, and it serves exactly the upstream models the config's
 * endpoints name for that provider.
 */
export function simulatorOptionsFromConfig(entry: DemoSimulatorConfig, config: GatewayConfig): SimulatorOptions {
  const provider = config.providers.find((candidate) => candidate.slug === entry.provider);
  const models = new Set<string>();
  for (const model of config.models) {
    for (const endpoint of model.endpoints) if (endpoint.provider === entry.provider) models.add(endpoint.upstream_model);
  }
  const modelOverrides: Record<string, Partial<SimulatorBehaviour>> = {};
  for (const [model, speed] of Object.entries(entry.model_overrides)) {
    modelOverrides[model] = { firstTokenLatencyMs: speed.first_token_latency_ms, tokensPerSecond: speed.tokens_per_second };
  }
  const options: SimulatorOptions = {
    name: entry.provider,
    port: entry.port,
    models: [...models],
    modelOverrides,
    firstTokenLatencyMs: entry.first_token_latency_ms,
    tokensPerSecond: entry.tokens_per_second,
    errorRate: entry.error_rate,
    errorStatuses: entry.error_statuses,
    failMidStreamRate: entry.fail_mid_stream_rate,
  };
  if (entry.outage) {
    options.outage = {
      everyS: entry.outage.every_s,
      forS: entry.outage.for_s,
      offsetS: entry.outage.offset_s,
      mode: entry.outage.mode,
    };
  }
  if (provider?.api_key) {
    options.apiKey = provider.api_key;
    options.authHeader = provider.openai.auth_header;
  }
  return options;
}
