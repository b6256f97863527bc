import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { FileChange } from './apply-edits.js';

/** The bytes to write for a change: its BOM restored, text as edited (line endings already its own). */
function bytesOf(f: FileChange): Buffer {
  return Buffer.from((f.source.bom ? '\uFEFF' : '') + f.after, 'utf8');
}

/** Refuse when a file changed on disk since it was read (exit 2, nothing written). */
function checkUnchanged(f: FileChange): void {
  let st;
  try {
    st = statSync(f.source.path);
  } catch {
    throw new InputError('file disappeared since it was read; nothing was written', f.source.rel);
  }
  const original = (f.source.bom ? '\uFEFF' : '') + f.source.text;
  if (st.size !== Buffer.byteLength(original) || readFileSync(f.source.path, 'utf8') !== original) {
    throw new InputError('file changed on disk since it was read; nothing was written', f.source.rel);
  }
}

/**
 * Write every changed file or none: check all are unchanged on disk, write each to a temp file in its
 * own folder with its mode, then rename each over the original. A failure before the renames removes
 * the temp files; a failure during them puts back the files already renamed.
 */
export function writeAll(files: readonly FileChange[]): void {
  for (const f of files) checkUnchanged(f);
  const temps: { f: FileChange; tmp: string }[] = [];
  try {
    for (const f of files) {
      const tmp = path.join(path.dirname(f.source.path), `.${path.basename(f.source.path)}.composeshift-${process.pid}.tmp`);
      const fd = openSync(tmp, 'wx', f.source.mode);
      try {
        writeSync(fd, bytesOf(f));
        fchmodSync(fd, f.source.mode);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      temps.push({ f, tmp });
    }
  } catch (err) {
    for (const t of temps) safeUnlink(t.tmp);
    throw err;
  }
  const done: FileChange[] = [];
  try {
    for (const t of temps) {
      renameSync(t.tmp, t.f.source.path);
      done.push(t.f);
    }
  } catch (err) {
    for (const t of temps) safeUnlink(t.tmp);
    for (const f of done) restore(f);
    throw err;
  }
}

function restore(f: FileChange): void {
  const tmp = `${f.source.path}.composeshift-restore`;
  const fd = openSync(tmp, 'w', f.source.mode);
  writeSync(fd, Buffer.from((f.source.bom ? '\uFEFF' : '') + f.source.text, 'utf8'));
  closeSync(fd);
  renameSync(tmp, f.source.path);
}

function safeUnlink(p: string): void {
  try {
    unlinkSync(p);
  } catch {
    // already gone
  }
}
