import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JournalLogger } from '../record-journal.js';

/** A fresh, empty journal directory. */
export function journalDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'switchboard-journal-'));
}

/** The directory's files, sorted. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** A file's lines, the header first; a trailing newline gives no empty last entry. */
export function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/** A journal logger that remembers every line, by level. */
export class RecordingJournalLogger implements JournalLogger {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[] = [];

  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }

  at(level: 'info' | 'warn' | 'error'): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}
