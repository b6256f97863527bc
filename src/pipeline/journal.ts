import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The transaction journal of an apply: `<root>/.composeshift/journal.json`, written and fsynced before the
 * first rename. Paths in it are relative to the root (a moved project still recovers).
 *
 * States: `preparing` (temps being written; no target touched yet) → `committing` (every temp and backup is
 * on disk; targets are being replaced) → removed. `rolling-back` is a commit that met an error and is putting
 * old bytes back. A later run completes `committing` forward and undoes the others.
 */
export interface Journal {
  version: 1;
  pid: number;
  state: 'preparing' | 'committing' | 'rolling-back';
  entries: JournalEntry[];
}

/** One target file of a transaction. */
export interface JournalEntry {
  /** The file written (its real path: a symlink is written through), relative to the root. */
  target: string;
  /** The new bytes, beside the target. */
  temp: string;
  /** Rename mode only: a hard link to the old inode, so the old bytes survive the rename. */
  backup?: string;
  /** Hard-linked (or not ours to re-own) file: its inode is rewritten in place instead of replaced. */
  inPlace: boolean;
  oldHash: string;
  newHash: string;
  /** In-place mode only: the old bytes (base64), for a rollback. */
  oldContent?: string;
}

export const STATE_DIR = '.composeshift';

/** `<root>/.composeshift`. */
export function stateDir(root: string): string {
  return path.join(root, STATE_DIR);
}

/** `<root>/.composeshift/journal.json`. */
export function journalPath(root: string): string {
  return path.join(stateDir(root), 'journal.json');
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file's bytes now, or undefined when it is gone. */
export function hashFile(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** fsync a folder, so the names created, renamed or removed in it are durable. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write bytes to a new file and fsync it. */
export function writeDurable(file: string, bytes: Uint8Array, mode = 0o644, flag = 'wx'): void {
  const fd = openSync(file, flag, mode);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Write the journal atomically and durably (temp, fsync, rename, fsync the folder). */
export function saveJournal(root: string, journal: Journal): void {
  const dir = stateDir(root);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `journal.${process.pid}.tmp`);
  writeDurable(tmp, Buffer.from(JSON.stringify(journal) + '\n'), 0o600, 'w');
  renameSync(tmp, journalPath(root));
  fsyncDir(dir);
}

/** The journal of an interrupted transaction, if any (a torn or foreign file reads as none). */
export function loadJournal(root: string): Journal | undefined {
  let text: string;
  try {
    text = readFileSync(journalPath(root), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Journal;
    return j && j.version === 1 && Array.isArray(j.entries) ? j : undefined;
  } catch {
    return undefined;
  }
}

/** Remove the journal, then `.composeshift/` when nothing else is in it. */
export function dropJournal(root: string): void {
  removeQuietly(journalPath(root));
  fsyncDir(stateDir(root));
  removeStateDirIfEmpty(root);
}

/** Remove `.composeshift/` when it is empty (a lock or a journal still in it keeps it). */
export function removeStateDirIfEmpty(root: string): void {
  try {
    rmdirSync(stateDir(root));
  } catch {
    // not empty, or not there
  }
}

/** unlink that ignores a missing file. */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
