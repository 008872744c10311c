import { rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * Names of journal segments and of claims on them. A segment is `gen-<pid>-<seq>.ndjson`,
 * written only by process <pid>; a replayer claims one by renaming it to
 * `gen-<pid>-<seq>.ndjson.replaying-<claimer pid>`. rename(2) is atomic, so of two replayers
 * racing for one file exactly one succeeds and the other gets ENOENT.
 */

const SEGMENT = /^gen-(\d+)-(\d+)\.ndjson$/;
const CLAIM = /^(gen-(\d+)-(\d+)\.ndjson)\.replaying-(\d+)$/;

export type JournalFile =
  | { kind: 'segment'; name: string; base: string; owner: number }
  | { kind: 'claim'; name: string; base: string; owner: number; claimer: number };

/**
 * Segments a journal of this process is writing: never replayed here, even at start, when a
 * segment bearing this pid is otherwise taken for a previous incarnation's (two gateways in one
 * process, as tests run them, share a pid and may share a directory).
 */
const liveSegments = new Set<string>();

export function markSegmentLive(path: string, live: boolean): void {
  if (live) liveSegments.add(resolve(path));
  else liveSegments.delete(resolve(path));
}

export function isSegmentLive(path: string): boolean {
  return liveSegments.has(resolve(path));
}

export function segmentName(pid: number, seq: number): string {
  return `gen-${pid}-${seq}.ndjson`;
}

export function claimName(base: string, claimer: number): string {
  return `${base}.replaying-${claimer}`;
}

/** What a file of the journal directory is, or null for anything else (left alone). */
export function parseJournalFile(name: string): JournalFile | null {
  const segment = SEGMENT.exec(name);
  if (segment) return { kind: 'segment', name, base: name, owner: Number(segment[1]) };
  const claim = CLAIM.exec(name);
  if (claim) return { kind: 'claim', name, base: claim[1]!, owner: Number(claim[2]), claimer: Number(claim[4]) };
  return null;
}

/** False only when no process has this pid (ESRCH); a process of another user (EPERM) is alive. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Renames `file` to this process's claim on it and returns the claimed path, or null when
 * another process renamed it first. A file already claimed by this pid needs no rename.
 */
export async function claimFile(dir: string, file: JournalFile, claimer: number): Promise<string | null> {
  const claimed = claimName(file.base, claimer);
  if (file.name === claimed) return join(dir, claimed);
  try {
    await rename(join(dir, file.name), join(dir, claimed));
    return join(dir, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
