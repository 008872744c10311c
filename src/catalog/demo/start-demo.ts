import type { RunningSimulator } from '../../simulator/simulator-types.js';
import type { Catalog } from '../catalog-types.js';
import type { GatewayConfig, GatewayConfigInput } from '../config-schema.js';
import type { EnvironmentVariables } from '../interpolate-environment.js';
import { validateConfig } from '../load-config.js';
import type { PresetReport } from '../presets/apply-presets.js';
import { buildDemoConfig, unassignedDemoPorts, type DemoConfigOptions } from './demo-config.js';
import { startConfiguredSimulators } from './start-configured-simulators.js';

/** Demo config settings plus the adapter names validation should accept. */
export type StartDemoOptions = DemoConfigOptions & {
  /** Adapter registry keys for validation; defaults to DEFAULT_KNOWN_ADAPTERS. */
  knownAdapters?: readonly string[];
  /** Provider presets enabled by this environment join the demo catalog (none when absent). */
  presetEnvironment?: EnvironmentVariables;
};

/** A running demo: simulated upstreams plus the validated config that points at them. */
export interface RunningDemo {
  /** Validated, defaults applied: what `switchboard serve` would get from a file. */
  config: GatewayConfig;
  /** The same config as written (YAML shape, before defaults): printable as a starter file. */
  catalogInputs: GatewayConfigInput;
  catalog: Catalog;
  /** The presets that joined the demo. */
  presets?: PresetReport;
  /** By provider slug. */
  simulators: Map<string, RunningSimulator>;
  close(): Promise<void>;
}

/**
 * Starts the bundled demo: one simulator per demo provider on a free loopback port, and the
 * demo config validated exactly like a user's file. Throws only if the bundled demo itself is
 * invalid (a bug), after closing what it started.
 */
export async function startDemo(options: StartDemoOptions = {}): Promise<RunningDemo> {
  const validation = { knownAdapters: options.knownAdapters, ...(options.presetEnvironment ? { presetEnvironment: options.presetEnvironment } : {}) };
  const provisional = validateConfig(buildDemoConfig(unassignedDemoPorts(), options), validation);
  if (!provisional.ok) throw new Error(`the bundled demo config is invalid:\n${provisional.errors.join('\n')}`);

  const simulators = await startConfiguredSimulators(provisional.config);
  const close = async (): Promise<void> => {
    await Promise.all([...simulators.values()].map((simulator) => simulator.close()));
  };
  const ports = Object.fromEntries([...simulators].map(([slug, simulator]) => [slug, simulator.port]));
  const catalogInputs = buildDemoConfig(ports, options);
  const validated = validateConfig(catalogInputs, validation);
  if (!validated.ok) {
    await close();
    throw new Error(`the bundled demo config is invalid:\n${validated.errors.join('\n')}`);
  }
  return { config: validated.config, catalogInputs, catalog: validated.catalog, ...(validated.presets ? { presets: validated.presets } : {}), simulators, close };
}
