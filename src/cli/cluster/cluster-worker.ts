import { AggregatorRegistry } from 'prom-client';
import type { Logger } from '../../http/gateway-context.js';
import type { GatewayMetrics } from '../../telemetry/gateway-metrics.js';
import { isMessage, type MetricsRequest, type MetricsResponse, type ShutdownRequest } from './cluster-messages.js';

/** How long a worker waits for the primary's aggregate before /metrics fails. */
const METRICS_TIMEOUT_MS = 10_000;

/**
 * Wires a cluster worker's metrics: it answers the primary's aggregation requests (prom-client's
 * AggregatorRegistry protocol) with its own registry, and serves /metrics by asking the primary
 * for every worker's metrics summed.
 */
export function joinClusterMetrics(metrics: GatewayMetrics): void {
  // Constructing one installs prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
  let nextId = 0;
  const waiting = new Map<number, { resolve: (value: { contentType: string; text: string }) => void; reject: (error: Error) => void }>();
  process.on('message', (message: unknown) => {
    if (!isMessage<MetricsResponse>(message, 'switchboard:metrics-response')) return;
    const request = waiting.get(message.id);
    if (request === undefined) return;
    waiting.delete(message.id);
    if (message.error !== undefined || message.text === undefined) request.reject(new Error(`aggregating the workers' metrics failed: ${message.error ?? 'no text'}`));
    else request.resolve({ contentType: message.contentType ?? 'text/plain; version=0.0.4; charset=utf-8', text: message.text });
  });
  metrics.useRenderer(
    () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('the cluster primary did not send the aggregated metrics in time'));
        }, METRICS_TIMEOUT_MS);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        const request: MetricsRequest = { type: 'switchboard:metrics-request', id };
        process.send?.(request);
      }),
  );
}

/** Calls `stop` when the primary asks this worker to shut down. */
export function onShutdownRequest(stop: () => void): void {
  process.on('message', (message: unknown) => {
    if (isMessage<ShutdownRequest>(message, 'switchboard:shutdown')) stop();
  });
}

/** Tags every log line of a worker with its cluster id, so an operator can tell the workers apart. */
export function withWorkerField<L extends Logger & { flush?(): void }>(log: L, workerId: number): Logger & { flush?(): void } {
  const tagged = (fields: Record<string, unknown> | undefined): Record<string, unknown> => ({ worker: workerId, ...fields });
  return {
    info: (message, fields) => log.info(message, tagged(fields)),
    warn: (message, fields) => log.warn(message, tagged(fields)),
    error: (message, fields) => log.error(message, tagged(fields)),
    ...(log.infoMembers !== undefined ? { infoMembers: (message: string, members: string) => log.infoMembers?.(message, `"worker":${workerId},${members}`) } : {}),
    ...(log.flush !== undefined ? { flush: () => log.flush?.() } : {}),
  };
}
