import { spawn, type ChildProcess } from 'node:child_process';
import { expect, vi } from 'vitest';
import { CLI } from './compiled-cli.js';

export interface StartClusterOptions {
  /** The config file (see writeClusterConfig). */
  configPath: string;
  /** The working directory of the primary. */
  dir: string;
  workers: number;
  /** Added to the environment (SWITCHBOARD_MANAGEMENT_KEY is cleared, so the primary prints a generated one). */
  env?: Record<string, string>;
  /** How long to wait for every worker to listen. */
  timeoutMs?: number;
}

/** One JSON log line of the cluster (stderr). */
export type LogLine = Record<string, unknown> & { message?: string };

/**
 * `switchboard serve --workers N` run from the compiled CLI, with its stdout and stderr
 * collected: the banner (URL, management key) and the JSON log lines (worker ids, pids).
 */
export class RunningCluster {
  stdout = '';
  stderr = '';
  /** Resolves with the primary's exit code. */
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  /** Spawns the primary and waits until every worker listens. */
  static async start(options: StartClusterOptions): Promise<RunningCluster> {
    const child = spawn(process.execPath, [CLI, 'serve', '--config', options.configPath, '--workers', String(options.workers)], {
      cwd: options.dir,
      env: { ...process.env, SWITCHBOARD_MANAGEMENT_KEY: '', ...options.env },
    });
    const cluster = new RunningCluster(child);
    try {
      await vi.waitFor(() => expect(cluster.listeningPids().length).toBeGreaterThanOrEqual(options.workers), { timeout: options.timeoutMs ?? 60_000, interval: 100 });
    } catch (error) {
      cluster.stop();
      throw new Error(`the cluster did not start ${options.workers} workers: ${String(error)}\nstdout:\n${cluster.stdout}\nstderr:\n${cluster.stderr.slice(-4000)}`);
    }
    return cluster;
  }

  /** Every complete JSON line on stderr, optionally only those with this `message`. */
  logLines(message?: string): LogLine[] {
    const complete = this.stderr.slice(0, this.stderr.lastIndexOf('\n') + 1);
    const lines: LogLine[] = [];
    for (const text of complete.split('\n')) {
      if (!text.startsWith('{') || (message !== undefined && !text.includes(`"message":"${message}"`))) continue;
      try {
        const line = JSON.parse(text) as LogLine;
        if (message === undefined || line.message === message) lines.push(line);
      } catch {
        // Not a log line (a stray write): skipped.
      }
    }
    return lines;
  }

  /** The pid of every worker that has listened (replacements included). */
  listeningPids(): number[] {
    return this.logLines('worker listening').map((line) => line.worker_pid as number);
  }

  /** The ids of the workers that logged a `generation` line (of one key's requests, or of any). */
  workersThatServed(keyHash?: string): Set<number> {
    const lines = this.logLines('generation').filter((line) => keyHash === undefined || line.key_hash === keyHash);
    return new Set(lines.map((line) => line.worker as number));
  }

  baseUrl(): string {
    const match = /listening on (http:\/\/\S+)/.exec(this.stdout);
    if (match === null) throw new Error(`no URL in the banner yet:\n${this.stdout}`);
    return match[1]!;
  }

  managementKey(): string {
    const match = /Management key \(shown once, stored hashed; keep it\): (\S+)/.exec(this.stdout);
    if (match === null) throw new Error(`no management key in the banner:\n${this.stdout}`);
    return match[1]!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the primary at once (its workers exit with it: they lose their IPC channel). */
  stop(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  /** SIGTERM (a graceful shutdown of every worker), SIGKILL if it takes longer than `graceMs`. */
  async close(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    this.stop();
    await this.exited;
  }
}
