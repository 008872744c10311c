import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BufferedLogDestination } from './buffered-log-destination.js';

function logFile(): { path: string; fd: number } {
  const path = join(mkdtempSync(join(tmpdir(), 'switchboard-log-')), 'out.log');
  return { path, fd: openSync(path, 'a') };
}

const line = (index: number): string => `${JSON.stringify({ level: 'info', message: 'generation', request_id: `gen-${index}`, padding: 'x'.repeat(200) })}\n`;

describe('BufferedLogDestination', () => {
  it('writes every line once, in order, in batches, and the rest on flushSync', async () => {
    const { path, fd } = logFile();
    const destination = new BufferedLogDestination({ fd, flushBytes: 4096, flushIntervalMs: 60_000 });
    const written = Array.from({ length: 1000 }, (_, index) => line(index));
    for (const text of written) destination.write(text);
    // Full batches went out on their own (asynchronously)…
    await vi.waitFor(() => expect(readFileSync(path, 'utf8').length).toBeGreaterThan(100_000));
    // …and what is left is written by flushSync.
    destination.flushSync();
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toBe(written.join('')));
    closeSync(fd);
  });

  it('writes a lone line within the flush interval', async () => {
    const { path, fd } = logFile();
    const destination = new BufferedLogDestination({ fd, flushIntervalMs: 20 });
    destination.write(line(1));
    expect(readFileSync(path, 'utf8')).toBe('');
    await vi.waitFor(() => expect(readFileSync(path, 'utf8')).toBe(line(1)), { timeout: 2000, interval: 10 });
    destination.flushSync();
    closeSync(fd);
  });

  it('drops lines past its bound and says how many in the next batch', () => {
    const { path, fd } = logFile();
    const destination = new BufferedLogDestination({ fd, flushBytes: 1_000_000, maxBufferedBytes: 1000, flushIntervalMs: 60_000 });
    for (let index = 0; index < 10; index++) destination.write(line(index));
    destination.flushSync();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((text) => JSON.parse(text) as { request_id?: string; dropped?: number });
    // Each line is ~260 bytes: three fit in 1000, seven are dropped and counted.
    expect(lines.slice(0, -1).map((entry) => entry.request_id)).toEqual(['gen-0', 'gen-1', 'gen-2']);
    expect(lines.at(-1)).toMatchObject({ level: 'warn', dropped: 7 });
    closeSync(fd);
  });
});
