import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fsyncDir, removeQuietly, type JournalEntry } from './journal.js';

/** An entry's paths made absolute against the root. */
export function abs(root: string, e: JournalEntry): { target: string; temp: string; backup?: string } {
  return { target: path.resolve(root, e.target), temp: path.resolve(root, e.temp), backup: e.backup === undefined ? undefined : path.resolve(root, e.backup) };
}

/** Overwrite a file's own inode (owner, mode, hard links and inode number stay): write, truncate, fsync. */
export function writeInPlace(file: string, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Put an entry's new bytes in place: rename its temp over the target, or copy them into the target's inode. */
export function redo(root: string, e: JournalEntry): void {
  const p = abs(root, e);
  if (e.inPlace) writeInPlace(p.target, readFileSync(p.temp));
  else renameSync(p.temp, p.target);
}

/** Put an entry's old bytes back: rename the backup link (the old inode) over the target, or rewrite in place. */
export function undo(root: string, e: JournalEntry): void {
  const p = abs(root, e);
  if (e.inPlace) writeInPlace(p.target, Buffer.from(e.oldContent ?? '', 'base64'));
  else renameSync(p.backup!, p.target);
}

/**
 * Remove entries' temps and backups. No folder fsync: a removal lost to a power cut leaves a temp of a dead pid,
 * which the next run's sweep removes; the targets themselves were made durable before this.
 */
export function removeSideFiles(root: string, entries: readonly JournalEntry[]): number {
  let removed = 0;
  for (const e of entries) {
    const p = abs(root, e);
    for (const f of [p.temp, p.backup]) {
      if (f === undefined) continue;
      if (existsSync(f)) removed++;
      removeQuietly(f);
    }
  }
  return removed;
}

/** fsync every folder holding a target (after renames). */
export function fsyncTargets(root: string, entries: readonly JournalEntry[]): void {
  for (const d of new Set(entries.map((e) => path.dirname(abs(root, e).target)))) fsyncDir(d);
}

/**
 * Test hook: with COMPOSESHIFT_TEST_SLOW_MS set, pause that long before each temp write and each rename, so a
 * fault-injection test's SIGKILL lands inside those phases; a phase start is announced on stderr.
 */
export function slowStep(phase?: string): void {
  const ms = Number(process.env.COMPOSESHIFT_TEST_SLOW_MS);
  if (!(ms > 0)) return;
  if (phase) process.stderr.write(`composeshift-test: ${phase}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
