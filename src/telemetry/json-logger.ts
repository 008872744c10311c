import pino from 'pino';
import type { Logger } from '../http/gateway-context.js';
import { jsonText } from '../spec/json-text.js';
import { BufferedLogDestination } from './buffered-log-destination.js';

export interface JsonLoggerOptions {
  /** Drop info lines (the request log included); warnings and errors still print. */
  quiet?: boolean;
  /** File descriptor to write to (2 = stderr). */
  fd?: number;
}

/**
 * Structured JSON lines through pino into a buffered destination, so a log line per request
 * costs a serialisation, not a syscall. Callers pass hashes and ids, never keys (pino's
 * `redact` would re-parse its paths on every line: ~1% of a request's CPU).
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger & { flush(): void; infoMembers(message: string, members: string): void } {
  // Lines are written in batches of up to 64 KB, at least every 250 ms, and synchronously on exit.
  const destination = new BufferedLogDestination({ fd: options.fd ?? 2 });
  process.once('exit', () => destination.flushSync());
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
  const quiet = options.quiet === true;
  // A batch of request-log lines is written in one go: format its time once, not per line.
  let isoMs = -1;
  let iso = '';
  const isoTime = (): string => {
    const now = Date.now();
    if (now !== isoMs) {
      isoMs = now;
      iso = new Date(now).toISOString();
    }
    return iso;
  };
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    // The same line pino writes (level, time, fields, message), without pino's pass over an object.
    infoMembers: (message, members) => {
      if (quiet) return;
      destination.write(`{"level":"info","time":"${isoTime()}",${members},"message":${jsonText(message)}}\n`);
    },
    // Warnings and errors are written at once, not with the next batch.
    warn: (message, fields) => {
      logger.warn(fields ?? {}, message);
      destination.flush();
    },
    error: (message, fields) => {
      logger.error(fields ?? {}, message);
      destination.flush();
    },
    flush: () => destination.flushSync(),
  };
}
