import { Redis } from 'ioredis';
import { redactRedisUrl } from './redact-redis-url.js';

/** What GET /health reports about Redis. */
export interface RedisHealthReport {
  ok: boolean;
  /** ISO time of the last transition (up or down). */
  since: string;
  last_error: string | null;
}

export interface RedisConnectionOptions {
  url: string;
  keyPrefix: string;
  commandTimeoutMs: number;
  log: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
  now?: () => number;
  /** Latency of each command (GET /metrics). */
  observe?: (operation: string, outcome: 'ok' | 'error', seconds: number) => void;
}

/**
 * The gateway's one Redis client and its up/down state. Commands fail fast while Redis is
 * unreachable (no offline queue: a request must not wait for a reconnect) and time out when it
 * is slow; ioredis reconnects by itself. Every user of shared state reports failures and
 * successes here, so the state changes (and is logged) once per transition, and listeners run
 * when Redis comes back (replaying buffered settlements, re-pushing health).
 */
export class RedisConnection {
  readonly client: Redis;
  readonly keyPrefix: string;
  private ok = false;
  private since: number;
  private lastError: string | null = NOT_CONNECTED;
  private readonly recoveryListeners: (() => void)[] = [];
  private readonly log: RedisConnectionOptions['log'];
  private readonly now: () => number;
  private readonly where: string;
  private readonly observe: RedisConnectionOptions['observe'];
  private closing = false;

  constructor(options: RedisConnectionOptions) {
    this.keyPrefix = options.keyPrefix;
    this.log = options.log;
    this.now = options.now ?? Date.now;
    this.since = this.now();
    this.where = redactRedisUrl(options.url);
    this.observe = options.observe;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(options.commandTimeoutMs, 2_000),
      // Reconnect forever, backing off to a try every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
      lazyConnect: true,
    });
    this.client.on('ready', () => this.succeeded());
    this.client.on('error', (error: Error) => this.failed(error));
    this.client.on('close', () => this.failed(new Error('connection closed')));
  }

  /** Connects, waiting at most `waitMs`; a gateway starts degraded rather than not at all. */
  async connect(waitMs = 3_000): Promise<void> {
    const ready = this.client.connect().catch((error: unknown) => this.failed(error));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ready, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    if (!this.ok) this.log.warn('redis is not reachable at start: shared state runs degraded until it answers', { redis: this.where, error: this.lastError });
  }

  get healthy(): boolean {
    return this.ok;
  }

  report(): RedisHealthReport {
    return { ok: this.ok, since: new Date(this.since).toISOString(), last_error: this.ok ? null : this.lastError };
  }

  /** A command worked: Redis is (back) up. */
  succeeded(): void {
    if (this.ok) return;
    this.ok = true;
    this.since = this.now();
    this.log.info('redis is up: shared limits, health, sticky routes and stats are shared', { redis: this.where });
    for (const listener of this.recoveryListeners) listener();
  }

  /** A command failed or the connection dropped: degraded until the next success. */
  failed(error: unknown): void {
    if (this.closing) return;
    const message = describe(error);
    if (!this.ok) {
      // Keep the cause (ECONNREFUSED, a timeout) rather than the "closed" that follows it.
      if (!GENERIC_CLOSE.test(message) || this.lastError === null || this.lastError === NOT_CONNECTED) this.lastError = message;
      return;
    }
    this.ok = false;
    this.since = this.now();
    this.lastError = message;
    this.log.warn('redis is down or slow: paid requests with a limit or credits get 503, health and sticky routes are local', { redis: this.where, error: message });
  }

  onRecovered(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }

  /** Runs a command, keeping the up/down state current; `operation` names it in the metrics. */
  async run<T>(operation: string, command: (client: Redis) => Promise<T>): Promise<T> {
    const started = this.observe === undefined ? 0 : performance.now();
    try {
      const result = await command(this.client);
      this.observe?.(operation, 'ok', (performance.now() - started) / 1000);
      if (!this.ok && this.client.status === 'ready') this.succeeded();
      return result;
    } catch (error) {
      this.observe?.(operation, 'error', (performance.now() - started) / 1000);
      // A script error is a bug, not an outage; only transport failures change the state.
      if (!isScriptError(error)) this.failed(error);
      throw error;
    }
  }

  key(...parts: string[]): string {
    return this.keyPrefix + parts.join(':');
  }

  async close(): Promise<void> {
    this.closing = true;
    this.recoveryListeners.length = 0;
    if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}

const NOT_CONNECTED = 'not connected yet';
const GENERIC_CLOSE = /connection (is )?closed/i;

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // ioredis messages can echo the address; never the password (it is not in them), but keep them short.
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function isScriptError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError' && /^ERR (user_script|Error running script|.*script)/i.test(error.message) && !/NOSCRIPT|LOADING|BUSY/.test(error.message);
}
