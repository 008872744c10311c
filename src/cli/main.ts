#!/usr/bin/env node
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { onShutdownRequest } from './cluster/cluster-worker.js';
import { ConfigError, runServe } from './serve-command.js';
import { runDemo } from './demo-command.js';
import { createKeyCommand, disableKeyCommand, listKeysCommand } from './keys-command.js';
import { validateConfigCommand } from './validate-config-command.js';
import { addCreditsCommand } from './credits-command.js';
import { migrateCommand } from './migrate-command.js';
import { catalogImportCommand } from './catalog-import-command.js';
import type { RunningGateway } from './start-gateway.js';

const USAGE = `Usage: switchboard <command> [options]

  serve [--config PATH] [--port N] [--host H] [--workers N]
                                                 serve a config (default ./switchboard.yaml, else the demo);
                                                 --workers: processes on one port (default: one per core
                                                 when redis.url is set, else 1; N > 1 needs Redis)
  demo [--port N] [--host H] [--traffic]         serve the bundled demo catalog on simulated providers
                                                 (--traffic: send simulated app traffic so the web pages fill)
  validate-config PATH                           check a config file; exit 1 with every problem listed
  migrate [--config PATH]                        bring the store to the latest schema and exit
                                                 (serve also migrates at start)
  keys create --name N [--limit USD] [--limit-reset daily|weekly|monthly] [--expires ISO]
                                                 create an API key (printed once)
  keys list                                      list keys (hash, label, state, limit, name)
  keys disable HASH                              disable a key
  credits add USD [--note TEXT]                  add prepaid credits (billing.credits)
  catalog import FILE [--provider SLUG] [--out PATH]
                                                 add an OpenRouter /models JSON document's models to a
                                                 config (default provider openrouter; stdout without --out)
  (keys and credits commands take --config PATH to pick the store)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      name: { type: 'string' },
      limit: { type: 'string' },
      'limit-reset': { type: 'string' },
      expires: { type: 'string' },
      note: { type: 'string' },
      provider: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      traffic: { type: 'boolean' },
      workers: { type: 'string' },
    },
  });
  const [command, subcommand, argument] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const port = values.port === undefined ? undefined : parsePort(values.port);
  const serveArgs = { ...(values.config ? { config: values.config } : {}), ...(port !== undefined ? { port } : {}), ...(values.host ? { host: values.host } : {}) };
  switch (command) {
    case 'serve': {
      const workers = values.workers === undefined ? undefined : parseWorkers(values.workers);
      const gateway = await runServe({ ...serveArgs, ...(workers !== undefined ? { workers } : {}) });
      // null: this is a cluster primary, which handles its own signals.
      if (gateway !== null) keepRunning(gateway);
      return -1;
    }
    case 'demo':
      keepRunning(await runDemo({ ...serveArgs, ...(values.traffic ? { traffic: true } : {}) }));
      return -1;
    case 'validate-config':
      if (!subcommand) throw new UsageError('validate-config needs a PATH');
      return (await validateConfigCommand(subcommand)) ? 0 : 1;
    case 'migrate':
      await migrateCommand(values.config ? { config: values.config } : {});
      return 0;
    case 'keys': {
      const config = values.config ? { config: values.config } : {};
      if (subcommand === 'create') {
        if (!values.name) throw new UsageError('keys create needs --name');
        await createKeyCommand({
          name: values.name, ...(values.limit ? { limit: values.limit } : {}), ...(values['limit-reset'] ? { limitReset: values['limit-reset'] } : {}),
          ...(values.expires ? { expires: values.expires } : {}), ...config,
        });
      } else if (subcommand === 'list') {
        await listKeysCommand(config);
      } else if (subcommand === 'disable') {
        if (!argument) throw new UsageError('keys disable needs a HASH');
        await disableKeyCommand({ hash: argument, ...config });
      } else {
        throw new UsageError(`unknown keys command "${subcommand ?? ''}"`);
      }
      return 0;
    }
    case 'credits': {
      if (subcommand !== 'add') throw new UsageError(`unknown credits command "${subcommand ?? ''}"`);
      if (!argument) throw new UsageError('credits add needs an amount in USD');
      await addCreditsCommand({ amount: argument, ...(values.note ? { note: values.note } : {}), ...(values.config ? { config: values.config } : {}) });
      return 0;
    }
    case 'catalog':
      if (subcommand !== 'import') throw new UsageError(`unknown catalog command "${subcommand ?? ''}"`);
      if (!argument) throw new UsageError('catalog import needs a FILE (an OpenRouter /models JSON document)');
      return (await catalogImportCommand({ file: argument, ...(values.provider ? { provider: values.provider } : {}), ...(values.out ? { out: values.out } : {}) })) ? 0 : 1;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 1 || workers > 1024) throw new UsageError(`--workers: "${text}" is not a number of processes (1 or more)`);
  return workers;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${text}" is not a port number`);
  return port;
}

/**
 * Serve until SIGINT/SIGTERM, then shut down gracefully: running streams get the configured
 * grace period, pending records are flushed. A second signal exits at once.
 */
function keepRunning(gateway: RunningGateway): void {
  const { log } = gateway.context;
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.flush?.();
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    void gateway.close().then(
      () => {
        log.info('shut down');
        log.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        log.error('shutdown failed', { error: String(error) });
        log.flush?.();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A cluster worker: the primary forwards SIGTERM/SIGINT as a message. A terminal's Ctrl-C
  // reaches the worker directly as well, so the message never counts as a second signal.
  if (cluster.isWorker) {
    onShutdownRequest(() => {
      if (!stopping) stop('SIGTERM');
    });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof UsageError) process.stderr.write(`switchboard: ${error.message}\n\n${USAGE}`);
    else process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
