import pino from 'pino';
import type { Logger } from '../http/gateway-context.js';

export interface JsonLoggerOptions {
  /** Drop info lines (the request log included); warnings and errors still print. */
  quiet?: boolean;
  /** File descriptor to write to (2 = stderr). */
  fd?: number;
}

/**
 * Structured JSON lines through pino: an asynchronous, buffered writer (sonic-boom), so a
 * log line per request costs a serialisation, not a syscall. Callers pass hashes and ids,
 * never keys (pino's `redact` would re-parse its paths on every line: ~1% of a request's CPU).
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger & { flush(): void } {
  // Lines are buffered up to 4 KB (one write per ~15 request lines instead of one per line,
  // each a thread-pool hop) and flushed at least every 250 ms, and synchronously on exit.
  const destination = pino.destination({ dest: options.fd ?? 2, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 250).unref();
  const logger = pino(
    {
      level: options.quiet ? 'warn' : 'info',
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    flush: () => destination.flushSync(),
  };
}
