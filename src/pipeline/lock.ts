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

/**
 * When a process started (Linux: /proc/PID/stat field 22, clock ticks since boot), or undefined where that cannot
 * be read. A lock records it beside the pid: a pid reused after a kill or a reboot (pid 1 in a restarted
 * container) by an unrelated process no longer holds the lock forever.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** A lock's text: `PID START` (START may be absent: older versions, or no /proc). */
export function lockText(pid = process.pid): string {
  return `${pid} ${startTime(pid) ?? ''}`.trim() + '\n';
}

/** The pid a lock's text names, and the start time it recorded. */
export function parseLock(text: string): { pid?: number; start?: string } {
  const [p, start] = text.trim().split(/\s+/);
  const n = Number(p);
  return { pid: Number.isInteger(n) && n > 0 ? n : undefined, start: start || undefined };
}

/** Is the process a lock names still the one that wrote it? (alive, and started when the lock says, if it says). */
export function lockAlive(lock: { pid?: number; start?: string }): boolean {
  if (lock.pid === undefined || !pidAlive(lock.pid)) return false;
  const now = lock.start === undefined ? undefined : startTime(lock.pid);
  return now === undefined || now === lock.start;
}

function readLock(file: string): { pid?: number; start?: string } {
  try {
    return parseLock(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

function readPid(file: string): number | undefined {
  return readLock(file).pid;
}

/** The pid of another live process holding the root's lock, if any. */
export function lockHolder(root: string): number | undefined {
  const lock = readLock(lockPath(root));
  return lock.pid !== undefined && lock.pid !== process.pid && lockAlive(lock) ? lock.pid : undefined;
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
    writeFileSync(file, lockText(), { flag: 'wx', mode: 0o644 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') throw new UsageError(`cannot create ${STATE_DIR}/lock in ${root} (${code ?? 'error'}); nothing was written`);
    const lock = readLock(file);
    if (lock.pid !== undefined && lock.pid !== process.pid && lockAlive(lock)) throw busy(lock.pid);
    // Stale (its process is gone, or its pid now names another process): replace it atomically, then read back:
    // of two takers, the last rename wins.
    const mine = `${file}.${process.pid}`;
    writeFileSync(mine, lockText());
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
