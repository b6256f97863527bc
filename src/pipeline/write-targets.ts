import { accessSync, closeSync, constants, openSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { FileChange } from './apply-edits.js';
import { sha256 } from './journal.js';

/** How a run writes: where its root is, and whether a symlink may lead out of it. */
export interface WriteOptions {
  /** The project root: `.composeshift/` lives here, and every target must be inside it. */
  root: string;
  /** Write a symlink's target even when it is outside the root (`--allow-outside-root`). */
  allowOutsideRoot?: boolean;
}

/** One file on disk to write: its real path (symlinks followed), the project paths naming it, old and new bytes. */
export interface Target {
  file: string;
  rel: string;
  rels: string[];
  old: Buffer;
  bytes: Buffer;
  oldHash: string;
  newHash: string;
  /** Rewrite the inode in place (hard links, or an owner a new file could not keep) instead of renaming over it. */
  inPlace: boolean;
  /** Its folder takes new names (this user may create files there); else its temp goes in the root's `.composeshift/`. */
  dirWritable: boolean;
  uid: number;
  gid: number;
  mode: number;
}

const isRoot = () => process.getuid?.() === 0;

/** The bytes a change writes: its BOM restored, text as edited. */
export function bytesOf(f: FileChange): Buffer {
  return Buffer.from((f.source.bom ? '\uFEFF' : '') + f.after, 'utf8');
}

function originalBytes(f: FileChange): Buffer {
  return Buffer.from((f.source.bom ? '\uFEFF' : '') + f.source.text, 'utf8');
}

function inside(root: string, file: string): boolean {
  const r = path.relative(root, file);
  return r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
}

/**
 * Resolve every change to the file it really writes and refuse, before anything is written, what cannot be
 * written safely: a symlink leading out of the root, a file changed or gone since it was read, two paths of one
 * file edited differently, a read-only or immutable file. Paths of one file (symlinks, hard links) become one target.
 */
export function resolveTargets(files: readonly FileChange[], opts: WriteOptions): Target[] {
  const realRoot = realpathSync(opts.root);
  const byInode = new Map<string, Target>();
  for (const f of files) {
    const rel = f.source.rel;
    let real: string;
    let st;
    try {
      real = realpathSync(f.source.path);
      st = statSync(real);
    } catch {
      throw new InputError('file disappeared since it was read; nothing was written', rel);
    }
    if (!opts.allowOutsideRoot && !inside(realRoot, real)) {
      throw new InputError(`is a link to ${real}, outside the root ${realRoot}; nothing was written (--allow-outside-root writes it)`, rel);
    }
    const key = `${st.dev}:${st.ino}`;
    const bytes = bytesOf(f);
    const seen = byInode.get(key);
    if (seen) {
      if (!seen.bytes.equals(bytes)) throw new InputError(`is the same file as ${seen.rel} (a link), edited differently through each path; nothing was written`, rel);
      seen.rels.push(rel);
      continue;
    }
    const old = originalBytes(f);
    const now = readFileSync(real);
    if (!now.equals(old)) throw new InputError('file changed on disk since it was read; nothing was written', rel);
    checkWritable(real, st.mode, rel);
    const dirWritable = canWrite(path.dirname(real));
    const ownerKept = isRoot() || st.uid === process.getuid?.();
    byInode.set(key, {
      file: real, rel, rels: [rel], old, bytes, oldHash: sha256(old), newHash: sha256(bytes),
      inPlace: st.nlink > 1 || !ownerKept || !dirWritable, dirWritable, uid: st.uid, gid: st.gid, mode: st.mode & 0o7777,
    });
  }
  return [...byInode.values()];
}

function canWrite(p: string): boolean {
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The rule: a file without its owner's write bit is read-only and is refused, for every user, root included
 * (root could write it, but the mode says the file is not to be changed). Then it must open for writing:
 * EPERM there is an immutable or append-only file (chattr +i / +a), EROFS a read-only mount.
 */
function checkWritable(file: string, mode: number, rel: string): void {
  if ((mode & 0o200) === 0) {
    throw new InputError(`file is read-only (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); nothing was written. Make it writable (chmod u+w) to let composeshift edit it`, rel);
  }
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r+');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EPERM' ? 'file is immutable or append-only (chattr +i/+a)'
      : code === 'EACCES' ? 'file is not writable by this user'
      : code === 'EROFS' ? 'file is on a read-only file system'
      : 'file cannot be opened for writing';
    throw new InputError(`${why} (${code}); nothing was written`, rel);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
