import type { Logger } from '../http/gateway-context.js';

/** One JSON line per event on stderr; never secrets (callers pass hashes, not keys). */
export function createConsoleLogger(quiet = false): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>): void => {
    if (quiet && level === 'info') return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
