import type { SimulatorOptions } from './simulator-options.js';
import type { RunningSimulator } from './simulator-types.js';
import { startSimulator } from './start-simulator.js';

/** Starts several simulators; if one fails to start, the others are closed again. */
export async function startSimulators(list: readonly SimulatorOptions[]): Promise<RunningSimulator[]> {
  const results = await Promise.allSettled(list.map((options) => startSimulator(options)));
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(started.map((simulator) => simulator.close()));
    throw failure.reason;
  }
  return started;
}

/** Closes every simulator of a list. */
export async function closeSimulators(simulators: readonly RunningSimulator[]): Promise<void> {
  await Promise.all(simulators.map((simulator) => simulator.close()));
}
