import { startDemo } from '../catalog/demo/start-demo.js';
import { startDemoTraffic } from '../catalog/demo/demo-traffic.js';
import { adapterProtocols } from '../providers/adapter-registry.js';
import { createJsonLogger } from '../telemetry/json-logger.js';
import { logPresets } from './log-presets.js';
import { printStartBanner } from './start-banner.js';
import { startGateway, type RunningGateway } from './start-gateway.js';

export interface DemoArguments {
  port?: number;
  host?: string;
  /** Send a steady stream of simulated app traffic, so the web pages fill (`--traffic`). */
  traffic?: boolean;
}

const DEMO_KEY_NAME = 'demo session key';

/**
 * `switchboard demo` (and `npm start` without a config): simulated providers on loopback, the
 * bundled catalog, and a fresh API key for this session so the printed curl works as pasted.
 */
export async function runDemo(args: DemoArguments): Promise<RunningGateway> {
  // Provider presets whose keys are set join the demo catalog (ANTHROPIC_API_KEY → Claude models).
  const demo = await startDemo({ knownAdapters: adapterProtocols(), presetEnvironment: process.env, ...(args.host ? { host: args.host } : {}), ...(args.port !== undefined ? { port: args.port } : {}) });
  const log = createJsonLogger();
  logPresets(log, demo.presets);
  let gateway: RunningGateway;
  try {
    gateway = await startGateway({
      config: demo.config,
      catalog: demo.catalog,
      log,
      ...(process.env.SWITCHBOARD_MANAGEMENT_KEY ? { managementKey: process.env.SWITCHBOARD_MANAGEMENT_KEY } : {}),
    });
  } catch (error) {
    await demo.close();
    throw error;
  }
  const { store, keys } = gateway.context;
  // One session key at a time: the previous session's key (its plaintext long gone) is removed.
  const previous = await store.keys.listKeys({ includeDisabled: true, includeManagement: false, offset: 0, limit: 1000 });
  for (const key of previous) if (key.name === DEMO_KEY_NAME) await store.keys.deleteKey(key.hash);
  const session = await keys.create({ name: DEMO_KEY_NAME, limit: null, limitReset: null, expiresAt: null, isManagement: false });
  printStartBanner({ url: gateway.url, source: 'bundled demo (simulated providers)', managementKey: gateway.generatedManagementKey, inferenceKey: session.plaintext, exampleModel: 'thudm/glm-4-32b' });
  const traffic = args.traffic
    ? startDemoTraffic({ gatewayUrl: gateway.url, apiKey: session.plaintext, catalog: demo.catalog, simulators: demo.simulators, config: demo.config, log: (line) => process.stdout.write(`${line}\n`) })
    : undefined;
  if (traffic) process.stdout.write(`Demo traffic is on: open ${gateway.url}/models and watch the pages fill.\n`);
  return {
    ...gateway,
    close: async () => {
      await traffic?.stop();
      await gateway.close();
      await demo.close();
    },
  };
}
