import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';

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

/** Decode bytes as UTF-8 text, throwing an InputError that names the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, rel: string): { text: string; bom: boolean } {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
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
    const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
    throw InputError.at(rel, before, before.length, 'file is not valid UTF-8');
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { text: bom ? text.slice(1) : text, bom };
}

/** Read a text file; unreadable or non-UTF-8 files become InputErrors. */
export function readSourceFile(absPath: string, root: string): SourceFile {
  const rel = relPath(root, absPath);
  let bytes: Buffer;
  let st;
  try {
    st = statSync(absPath);
    bytes = readFileSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot read file (${code})`, rel);
  }
  const { text, bom } = decodeUtf8(bytes, rel);
  return { path: absPath, rel, text, bom, eol: detectEol(text), mtimeMs: st.mtimeMs, size: st.size, mode: st.mode & 0o7777 };
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
