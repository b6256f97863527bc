import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { LineIndex } from './position.js';

/** A text file as read: decoded UTF-8 without BOM, plus what is needed to write it back unchanged. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the run's root, with `/` separators (used in diffs and messages). */
  rel: string;
  /** Decoded text without the BOM; line endings as in the file. */
  text: string;
  bom: boolean;
  /** Dominant line ending, used for inserted lines. */
  eol: '\n' | '\r\n';
  /** Identity on disk when read: a write refuses if it changed since. */
  mtimeMs: number;
  size: number;
  mode: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Most frequent line ending of a text ('\n' when there is none). */
export function detectEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Decode bytes as UTF-8 text. Invalid UTF-8 or a NUL byte is "not a text file": the error names the
 * place (line:col of the first bad byte) but never carries the bytes themselves.
 */
export function decodeUtf8(bytes: Uint8Array, rel: string): { text: string; bom: boolean } {
  let text: string;
  let bad = -1;
  try {
    text = decoder.decode(bytes);
    const nul = text.indexOf('\0');
    if (nul !== -1) bad = Buffer.byteLength(text.slice(0, nul));
  } catch {
    text = '';
    let offset = 0;
    for (let lo = 0, hi = bytes.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      try {
        decoder.decode(bytes.subarray(0, mid));
        lo = mid + 1;
        offset = mid;
      } catch {
        hi = mid;
      }
    }
    // The first NUL, when it comes before the first invalid sequence, is the place.
    const nul = bytes.subarray(0, offset).indexOf(0);
    bad = nul === -1 ? offset : nul;
  }
  if (bad >= 0) {
    const before = Buffer.from(bytes.subarray(0, bad)).toString('utf8');
    const { line, col } = new LineIndex(before).position(before.length);
    throw new InputError(`not a text file (byte ${bad} is not UTF-8 text)`, rel, line, col);
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** Kernel pseudo-file systems: reading them leaks process state (/proc/self/environ) or blocks. */
const PSEUDO = ['/proc', '/sys', '/dev'];

/** Real path of `p` (symlinks resolved; one realpath(3) call) when it exists, else `p` itself. */
export function realPath(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** `p` lies inside `root` (or is it), by path alone. */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

const realRoots = new Map<string, string>();

/**
 * `p` lies inside `root` both as written and with symlinks resolved (the root's real path is taken once).
 * `real`: `realPath(p)` when the caller already took it (a reader checks, then reads, with one realpath).
 */
export function isConfined(root: string, p: string, real?: string): boolean {
  if (!isInside(root, p)) return false;
  let realRoot = realRoots.get(root);
  if (realRoot === undefined) realRoots.set(root, (realRoot = realPath(root)));
  return isInside(realRoot, real ?? realPath(p));
}

/**
 * Read a text file. Only regular files are read: a FIFO, socket, device or folder, and anything under
 * /proc, /sys or /dev (even through a symlink), is an InputError naming the path, never its bytes. The
 * file type is taken from the opened descriptor (O_NONBLOCK, so a FIFO cannot hang the run). `realAbs`:
 * `realPath(absPath)` when the caller already took it.
 */
export function readSourceFile(absPath: string, root: string, realAbs?: string): SourceFile {
  const rel = relPath(root, absPath);
  const real = realAbs ?? realPath(absPath);
  if (PSEUDO.some((p) => real === p || real.startsWith(`${p}/`))) throw new InputError(`not a regular file (${real} is a kernel pseudo-file; it is never read)`, rel);
  let fd: number;
  try {
    fd = openSync(absPath, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot read file (${code})`, rel);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(`not a regular file (${st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'a device'}); it is never read`, rel);
    let bytes: Buffer;
    try {
      bytes = readFileSync(fd);
    } catch (err) {
      throw new InputError(`cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, rel);
    }
    const { text, bom } = decodeUtf8(bytes, rel);
    return { path: absPath, rel, text, bom, eol: detectEol(text), mtimeMs: st.mtimeMs, size: st.size, mode: st.mode & 0o7777 };
  } finally {
    closeSync(fd);
  }
}

/** Make a SourceFile from text in memory (tests, generated files). */
export function sourceFromText(rel: string, text: string, root = '/'): SourceFile {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  return { path: path.resolve(root, rel), rel, text: body, bom, eol: detectEol(body), mtimeMs: 0, size: text.length, mode: 0o644 };
}

/** `to` relative to `root`, with forward slashes. */
export function relPath(root: string, to: string): string {
  const r = path.relative(root, to);
  return (r === '' ? '.' : r).split(path.sep).join('/');
}

const indexes = new WeakMap<object, LineIndex>();

/** The line index of a source's text, built once per SourceFile (and per text) on first use. */
export function lineIndexOf(source: { text: string }): LineIndex {
  let idx = indexes.get(source);
  if (!idx || idx.text !== source.text) indexes.set(source, (idx = new LineIndex(source.text)));
  return idx;
}

/** 1-based line of an offset of a source, in O(log lines) after the first call. */
export function lineAt(source: { text: string }, offset: number): number {
  return lineIndexOf(source).position(offset).line;
}
