import { closeSync, existsSync, fchmodSync, fchownSync, fsyncSync, linkSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import type { FileChange } from './apply-edits.js';
import { dropJournal, fsyncDir, hashFile, loadJournal, saveJournal, STATE_DIR, type Journal, type JournalEntry } from './journal.js';
import { acquireLock } from './lock.js';
import { settle } from './recover.js';
import { abs, fsyncTargets, redo, removeSideFiles, slowStep } from './tx-steps.js';
import { resolveTargets, type Target, type WriteOptions } from './write-targets.js';

export type { WriteOptions } from './write-targets.js';

/** A written transaction still open: `finish()` makes it final, `rollback()` puts every old byte back. */
export interface WriteTransaction {
  /** Files written (a file reached through several links counts once). */
  count: number;
  /** The files written, by their real paths (what git should stage). */
  files: string[];
  finish(): void;
  rollback(): void;
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Write every changed file or none, as one transaction (see writeTransaction), and make it final.
 * Returns the number of files written. Without options the root is the one the files were read against.
 */
export function writeAll(files: readonly FileChange[], opts: WriteOptions = { root: rootOf(files) }): number {
  if (!files.length) return 0;
  const tx = writeTransaction(files, opts);
  tx.finish();
  return tx.count;
}

/**
 * Write every changed file or none. Under the root's lock: refuse what cannot be written (see resolveTargets);
 * journal the plan (`.composeshift/journal.json`, fsynced); write each new text to a temp file beside its target
 * (owner and mode of the target) and hard-link each old inode to a backup; mark the journal `committing`; then,
 * per file, re-check that the bytes on disk are still those read and rename the temp over it (hard-linked files:
 * rewrite the inode). An error puts back every file already replaced. The journal stays until finish() or
 * rollback(), so a later commit step (git) can still undo the write; a kill at any point is settled by recoverRoot.
 */
export function writeTransaction(files: readonly FileChange[], opts: WriteOptions): WriteTransaction {
  const root = path.resolve(opts.root);
  const release = acquireLock(root);
  try {
    // A journal here belongs to a dead run (we hold the lock): settle it before reading anything.
    const stale = loadJournal(root);
    if (stale) settle(root, stale, stale.state === 'committing' ? 'forward' : 'back');
    const targets = resolveTargets(files, { ...opts, root });
    const journal: Journal = { version: 1, pid: process.pid, state: 'preparing', entries: targets.map((t, i) => entryOf(root, t, i)) };
    try {
      saveJournal(root, journal);
    } catch (err) {
      throw asInputError(err, targets, journal, root);
    }
    prepare(root, journal, targets);
    try {
      saveJournal(root, { ...journal, state: 'committing' });
      journal.state = 'committing';
    } catch (err) {
      // The journal on disk still says `preparing`: no target was touched, so this undoes the temps only.
      settle(root, journal, 'back');
      throw asInputError(err, targets, journal, root);
    }
    replaceAll(root, journal, targets);
    return {
      count: targets.length,
      files: targets.map((t) => t.file),
      finish() {
        // Side files first, the journal last: a kill in between is rolled forward, which is then a no-op.
        removeSideFiles(root, journal.entries);
        dropJournal(root);
        release();
      },
      rollback() {
        settle(root, journal, 'back');
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** The root a file was read against: its path with its root-relative path taken off. */
function rootOf(files: readonly FileChange[]): string {
  const s = files[0]?.source;
  return s ? path.resolve(s.path, ...s.rel.split('/').map(() => '..')) : process.cwd();
}

function entryOf(root: string, t: Target, i: number): JournalEntry {
  const id = `${process.pid}-${Date.now().toString(36)}`;
  const side = (ext: string) => path.relative(root, path.join(path.dirname(t.file), `.${path.basename(t.file)}.composeshift-${id}.${ext}`));
  return {
    target: path.relative(root, t.file),
    // A folder this user cannot add names to (the file itself writable): the file is rewritten in place, and its
    // new text waits in the root's state folder, which the journal names (was: a temp beside it, EACCES, exit 2).
    temp: t.dirWritable ? side('new') : path.join(STATE_DIR, `${i}.${path.basename(t.file)}.composeshift-${id}.new`),
    backup: t.inPlace ? undefined : side('old'),
    inPlace: t.inPlace,
    oldHash: t.oldHash,
    newHash: t.newHash,
    oldContent: t.inPlace ? t.old.toString('base64') : undefined,
  };
}

/** Temps (owner, group, mode of the target) and backup links; any failure removes them all and the journal. */
function prepare(root: string, journal: Journal, targets: readonly Target[]): void {
  try {
    slowStep('writing temp files');
    targets.forEach((t, i) => {
      const e = journal.entries[i]!;
      const p = abs(root, e);
      slowStep();
      const fd = openSync(p.temp, 'wx', 0o600);
      try {
        writeSync(fd, t.bytes);
        // A new file is owned by whoever writes it: give it the target's owner first (chown clears set-id bits), then its mode.
        if (!t.inPlace && isRoot() && (t.uid !== 0 || t.gid !== 0)) fchownSync(fd, t.uid, t.gid);
        fchmodSync(fd, t.inPlace ? 0o600 : t.mode);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (p.backup) linkSync(p.target, p.backup);
    });
    for (const d of new Set(journal.entries.map((e) => path.dirname(abs(root, e).temp)))) fsyncDir(d);
  } catch (err) {
    settle(root, journal, 'back');
    throw asInputError(err, targets, journal, root);
  }
}

/** Re-check each target's bytes immediately before replacing it; any failure rolls back what was replaced. */
function replaceAll(root: string, journal: Journal, targets: readonly Target[]): void {
  try {
    slowStep('renaming');
    journal.entries.forEach((e, i) => {
      slowStep();
      if (hashFile(abs(root, e).target) !== e.oldHash) {
        throw new InputError('file changed on disk while composeshift was writing; nothing was written (the edit on disk is kept)', targets[i]!.rel);
      }
      redo(root, e);
    });
    fsyncTargets(root, journal.entries);
  } catch (err) {
    settle(root, journal, 'back');
    throw asInputError(err, targets, journal, root);
  }
}

/**
 * An fs error during the write becomes a clear error naming the file and the step that failed (no stack trace);
 * nothing is left written. Side files a rollback could not remove (an append-only folder) are named too.
 */
function asInputError(err: unknown, targets: readonly Target[], journal: Journal, root: string): unknown {
  const left = journal.entries.flatMap((x) => [abs(root, x).temp, abs(root, x).backup]).filter((f): f is string => f !== undefined && existsSync(f));
  const tail = left.length
    ? `; ${plural(left.length, 'temp file')} could not be removed (${left.map((f) => path.relative(root, f)).join(', ')}): the next run removes them`
    : '';
  if (err instanceof InputError) return tail ? new InputError(err.message + tail, err.file, err.line, err.col, err.sourceLine) : err;
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string') return err;
  const i = journal.entries.findIndex((x) => [abs(root, x).target, abs(root, x).temp, abs(root, x).backup].includes(e.path));
  const rel = i >= 0 ? targets[i]!.rel : path.relative(root, e.path ?? root) || '.';
  const p = i >= 0 ? abs(root, journal.entries[i]!) : undefined;
  const folder = p ? path.relative(root, path.dirname(p.temp)) || '.' : '';
  const step =
    !p ? ''
    : e.syscall === 'rename' ? `: its new text renamed over it in ${folder}`
    : e.syscall === 'link' ? `: a link to its old text kept in ${folder}`
    : e.path === p.temp ? `: its new text written beside it in ${folder}`
    : '';
  return new InputError(`cannot write (${e.code}${e.syscall ? ` on ${e.syscall}` : ''}${step}); nothing was written${tail}`, rel);
}
