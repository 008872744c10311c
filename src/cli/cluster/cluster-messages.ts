/** IPC messages between the cluster primary and its workers (besides prom-client's own). */

export interface MetricsRequest {
  type: 'switchboard:metrics-request';
  id: number;
}

export interface MetricsResponse {
  type: 'switchboard:metrics-response';
  id: number;
  contentType?: string;
  text?: string;
  error?: string;
}

/** The primary asks a worker to shut down gracefully (as on its own SIGTERM). */
export interface ShutdownRequest {
  type: 'switchboard:shutdown';
}

export function isMessage<T extends { type: string }>(value: unknown, type: T['type']): value is T {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}
