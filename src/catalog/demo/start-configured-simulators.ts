import { startSimulators } from '../../simulator/start-simulators.js';
import type { RunningSimulator } from '../../simulator/simulator-types.js';
import type { GatewayConfig } from '../config-schema.js';
import { simulatorOptionsFromConfig } from './simulator-options-from-config.js';

/**
 * Starts the simulators a config's `demo.simulators` section describes, on their configured
 * ports, keyed by provider slug. Lets a hand-written config run against simulated upstreams.
 */
export async function startConfiguredSimulators(config: GatewayConfig): Promise<Map<string, RunningSimulator>> {
  const entries = config.demo?.simulators ?? [];
  const simulators = await startSimulators(entries.map((entry) => simulatorOptionsFromConfig(entry, config)));
  return new Map(simulators.map((simulator, index) => [entries[index]?.provider ?? simulator.name, simulator]));
}
