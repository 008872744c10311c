import { write, writeSync } from 'node:fs';

export interface BufferedLogDestinationOptions {
  fd: number;
  /** Buffered bytes that trigger a write at once. */
  flushBytes?: number;
  /** Longest a line waits for its write. */
  flushIntervalMs?: number;
  /** Bytes kept while the fd does not drain (a stalled log reader); later lines are counted and dropped. */
  maxBufferedBytes?: number;
}

/**
 * pino's destination for the request log: lines are kept as strings and written with one
 * `write` per batch, one batch in flight at a time. (pino's own sonic-boom with `minLength`
 * measured ~5 µs per line of string slicing and byte counting on this path, more than
 * formatting the line; this costs an array push.) Ordered, never blocks the event loop
 * except in `flushSync()` on exit, and bounded: a log reader that stops reading costs dropped
 * lines (reported in the next line written), not memory.
 */
export class BufferedLogDestination {
  private readonly fd: number;
  private readonly flushBytes: number;
  private readonly maxBufferedBytes: number;
  private lines: string[] = [];
  private bufferedBytes = 0;
  private writing = false;
  private dropped = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(options: BufferedLogDestinationOptions) {
    this.fd = options.fd;
    this.flushBytes = options.flushBytes ?? 64 * 1024;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 16 * 1024 * 1024;
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs ?? 250).unref();
  }

  /** pino calls this with one serialised line (newline included). */
  write(line: string): boolean {
    if (this.bufferedBytes + line.length > this.maxBufferedBytes) {
      this.dropped += 1;
      return true;
    }
    this.lines.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= this.flushBytes) this.flush();
    return true;
  }

  /** Starts writing what is buffered unless a write is already in flight (it continues after). */
  flush(): void {
    if (this.writing) return;
    const data = this.take();
    if (data === undefined) return;
    this.writing = true;
    this.writeFrom(data, 0);
  }

  /** Writes everything now, synchronously (process exit). */
  flushSync(): void {
    clearInterval(this.timer);
    const data = this.take();
    if (data === undefined) return;
    for (let offset = 0; offset < data.length; ) {
      try {
        offset += writeSync(this.fd, data, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      }
    }
  }

  private take(): Buffer | undefined {
    if (this.dropped > 0) {
      this.lines.push(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), message: 'log lines dropped: the log output did not drain', dropped: this.dropped })}\n`);
      this.dropped = 0;
    }
    if (this.lines.length === 0) return undefined;
    const data = Buffer.from(this.lines.join(''), 'utf8');
    this.lines = [];
    this.bufferedBytes = 0;
    return data;
  }

  private writeFrom(data: Buffer, offset: number): void {
    write(this.fd, data, offset, data.length - offset, null, (error, written) => {
      if (error !== null && error.code !== 'EAGAIN') {
        // The log output is gone (closed fd): nothing sensible to report it to; drop the batch.
        this.writing = false;
        return;
      }
      const next = offset + (error === null ? written : 0);
      if (next < data.length) {
        if (error === null) this.writeFrom(data, next);
        else setTimeout(() => this.writeFrom(data, next), 10).unref();
        return;
      }
      this.writing = false;
      if (this.bufferedBytes >= this.flushBytes) this.flush();
    });
  }
}
