import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleRequest } from './handle-request.js';
import { isInOutage } from './outage-window.js';
import { sendOpenAIError } from './send-openai-error.js';
import { createSimulatorContext, type SimulatorContext } from './simulator-context.js';
import { definedBehaviour, type SimulatorOptions, type SimulatorUpdate } from './simulator-options.js';
import type { RunningSimulator } from './simulator-types.js';

/**
 * Starts a simulated OpenAI-compatible upstream on loopback: real HTTP and the real wire
 * format (JSON, SSE with usage chunk and `[DONE]`, OpenAI error bodies), with configurable
 * latency, speed, error rate, outage windows and mid-stream failures. For tests, the demo
 * and benchmarks; nothing here is used on the gateway's request path.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const context = createSimulatorContext(options);
  const server = createServer({ keepAliveTimeout: 10_000 }, (request, response) => {
    handleRequest(context, request, response).catch(() => sendOpenAIError(response, 500));
  });
  // An outage in `reset` mode refuses new connections outright, as a downed host would.
  server.on('connection', (socket) => {
    const outage = context.outage;
    if (outage?.mode === 'reset' && isInOutage(context.now() - context.startedAt, outage)) {
      context.stats.outageRejections += 1;
      socket.destroy();
    }
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    name: context.name,
    port,
    url,
    baseUrl: `${url}/v1`,
    requests: context.requests,
    stats: context.stats,
    update: (settings) => applyUpdate(context, settings),
    close: () => closeServer(server, context),
  };
}

function applyUpdate(context: SimulatorContext, settings: SimulatorUpdate): void {
  const { outage, ...behaviour } = settings;
  Object.assign(context.behaviour, definedBehaviour(behaviour));
  if (outage !== undefined) context.outage = outage;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, context: SimulatorContext): Promise<void> {
  for (const cancel of [...context.pending]) cancel();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
