import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../core/errors.js';
import { removeQuietly, removeStateDirIfEmpty, stateDir, STATE_DIR } from './journal.js';

/** `<root>/.composeshift/lock`: holds the pid of the apply that owns the root. */
export function lockPath(root: string): string {
  return path.join(stateDir(root), 'lock');
}

/** Is a process with this pid alive? (EPERM: alive, someone else's.) */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of another live process holding the root's lock, if any. */
export function lockHolder(root: string): number | undefined {
  const pid = readPid(lockPath(root));
  return pid !== undefined && pid !== process.pid && pidAlive(pid) ? pid : undefined;
}

const held = new Map<string, number>();

/**
 * Take the root's lock (O_EXCL file with our pid) and return its release. A lock of a dead pid is taken
 * over; a live one refuses (UsageError, exit 2). Re-entrant within one process.
 */
export function acquireLock(root: string): () => void {
  const file = lockPath(root);
  const count = held.get(file);
  if (count !== undefined) {
    held.set(file, count + 1);
    return () => release(root, file);
  }
  checkStateDir(root);
  try {
    mkdirSync(stateDir(root), { recursive: true });
    writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') throw new UsageError(`cannot create ${STATE_DIR}/lock in ${root} (${code ?? 'error'}); nothing was written`);
    const pid = readPid(file);
    if (pid !== undefined && pid !== process.pid && pidAlive(pid)) throw busy(pid);
    // Stale (its process is gone): replace it atomically, then read back: of two takers, the last rename wins.
    const mine = `${file}.${process.pid}`;
    writeFileSync(mine, `${process.pid}\n`);
    renameSync(mine, file);
    const now = readPid(file);
    if (now !== process.pid) throw busy(now ?? 0);
  }
  held.set(file, 1);
  return () => release(root, file);
}

/**
 * `.composeshift` must be a real folder (or absent): a file or a link there would make the lock and journal fail
 * half-way (was an internal error with a stack trace) or land outside the root.
 */
function checkStateDir(root: string): void {
  let st;
  try {
    st = lstatSync(stateDir(root));
  } catch {
    return;
  }
  if (st.isDirectory()) return;
  const what = st.isSymbolicLink() ? 'a symbolic link' : st.isFile() ? 'a file' : 'not a folder';
  throw new UsageError(`${STATE_DIR} in ${root} is ${what}: composeshift keeps its lock and journal in a folder of that name; move it away. Nothing was written`);
}

function release(root: string, file: string): void {
  const count = held.get(file) ?? 0;
  if (count > 1) {
    held.set(file, count - 1);
    return;
  }
  held.delete(file);
  if (readPid(file) === process.pid) removeQuietly(file);
  removeStateDirIfEmpty(root);
}

function busy(pid: number): UsageError {
  return new UsageError(`another composeshift apply (pid ${pid}) is writing this project (${STATE_DIR}/lock); nothing was written. Run again when it has finished, or remove ${STATE_DIR}/lock if no such process exists`);
}
