import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The compiled CLI, as `npm start` and the `switchboard` bin run it (npm test builds first; run `npm run build` before running such a test alone). */
export const CLI = resolve(import.meta.dirname, '../../../../dist/cli/main.js');

/** A fresh working directory for one gateway (its config, its relative paths). */
export function workdir(): string {
  return mkdtempSync(join(tmpdir(), 'switchboard-workers-'));
}
