import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { dropJournal, hashFile, loadJournal, removeQuietly, removeStateDirIfEmpty, saveJournal, stateDir, type Journal } from './journal.js';
import { lockAlive, lockHolder, lockPath, parseLock, pidAlive } from './lock.js';
import { abs, fsyncTargets, redo, removeSideFiles, undo } from './tx-steps.js';
import { plural } from '../core/plural.js';

/**
 * Finish what an interrupted apply left under `root`, and say so in one line (undefined: nothing to do).
 * The rule: a journal in state `committing` had every new file durable on disk before its first rename, so it is
 * rolled FORWARD (every target gets its new bytes); any other state is rolled BACK (every target keeps or gets
 * back its old bytes). Either way all targets end old together or new together, and every temp is removed.
 * A file whose bytes are neither the old nor the new ones was edited by someone since: it is left as it is and named.
 * A journal whose apply is still running (its lock is held by a live process) is left alone.
 */
export function recoverRoot(root: string): string | undefined {
  const holder = lockHolder(root);
  const journal = loadJournal(root);
  if (holder !== undefined) return journal ? `composeshift: an apply (pid ${holder}) is writing this project; its files may be half-written until it ends` : undefined;
  const strays = sweepJournalTemps(root);
  removeStaleLock(root);
  if (!journal) {
    removeStateDirIfEmpty(root);
    return strays ? `composeshift: removed ${plural(strays, 'leftover journal file')} of an interrupted apply` : undefined;
  }
  return settle(root, journal, journal.state === 'committing' ? 'forward' : 'back');
}

/** The lock of a dead process (no live holder was found): removed, so the next apply need not take it over. */
function removeStaleLock(root: string): void {
  if (!existsSync(lockPath(root))) return;
  // An empty lock may be one being written right now: only a lock naming a dead pid is stale.
  const lock = parseLock(readFileSync(lockPath(root), 'utf8'));
  if (lock.pid !== undefined && lock.pid !== process.pid && !lockAlive(lock)) removeQuietly(lockPath(root));
}

/** Roll a journal forward or back (see recoverRoot), remove its side files and the journal. */
export function settle(root: string, journal: Journal, way: 'forward' | 'back'): string {
  if (way === 'back' && journal.state === 'committing') saveJournal(root, { ...journal, state: 'rolling-back' });
  const foreign: string[] = [];
  let moved = 0;
  for (const e of journal.entries) {
    const p = abs(root, e);
    const now = hashFile(p.target);
    const want = way === 'forward' ? e.newHash : e.oldHash;
    if (now === want) continue;
    const from = way === 'forward' ? e.oldHash : e.newHash;
    const source = way === 'forward' ? p.temp : (p.backup ?? '');
    if (now === from && (way === 'back' ? e.inPlace || hashFile(source) === e.oldHash : hashFile(source) === e.newHash)) {
      if (way === 'forward') redo(root, e);
      else undo(root, e);
      moved++;
    } else foreign.push(e.target);
  }
  fsyncTargets(root, journal.entries);
  const removed = removeSideFiles(root, journal.entries);
  dropJournal(root);
  const what = way === 'forward'
    ? `completed an interrupted apply (pid ${journal.pid}): ${journal.entries.length === 1 ? 'its one file now has' : `all ${journal.entries.length} of its files now have`} the new content`
    : `rolled back an interrupted apply (pid ${journal.pid}): ${journal.entries.length === 1 ? 'its one file has' : `all ${journal.entries.length} of its files have`} the old content`;
  const odd = foreign.length ? `; changed since, left as they are: ${foreign.join(', ')}` : '';
  return `composeshift: ${what} (${moved} finished now, ${plural(removed, 'temp file')} removed)${odd}`;
}

/** Temp journal files of a run killed while writing its journal. */
function sweepJournalTemps(root: string): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(stateDir(root));
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = /^journal\.(\d+)\.tmp$/.exec(name) ?? /^lock\.(\d+)$/.exec(name);
    if (m && !pidAlive(Number(m[1]))) {
      removeQuietly(path.join(stateDir(root), name));
      n++;
    }
  }
  return n;
}

// `.X.composeshift-PID.tmp` (versions before the journal), `X.composeshift-restore`, and this version's
// `.X.composeshift-PID-ID.new|.old` when no journal names them.
const LEFTOVER = /^(?:\..+\.composeshift-(\d+)(?:-[0-9a-z]+\.(?:new|old)|\.tmp)|.+\.composeshift-restore)$/;

/**
 * Remove temp files that dead composeshift runs left in these folders (a live run's files are kept);
 * returns the one-line note to print, if any.
 */
export function sweepLeftovers(dirs: Iterable<string>): string | undefined {
  let n = 0;
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = LEFTOVER.exec(name);
      if (!m) continue;
      if (m[1] !== undefined && (Number(m[1]) === process.pid || pidAlive(Number(m[1])))) continue;
      removeQuietly(path.join(dir, name));
      n++;
    }
  }
  return n ? `composeshift: removed ${plural(n, 'temp file')} left by an interrupted older run` : undefined;
}
