import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineIndex } from '../core/position.js';
import { lineAt as lineAtSource, relPath } from '../core/source.js';
import type { Service } from '../project/model.js';
import type { ServiceFiles } from './service-files.js';

/** A text searched for URLs and backend names: a source or config file, the Dockerfile, the compose definition. */
export interface TextSource {
  rel: string;
  text: string;
  /** Line of the text's first character in its file. */
  firstLine: number;
  /** Absolute path, for a whole file (lets per-file results be cached across services). */
  abs?: string;
}

/** Where a match was found. */
export interface TextHit {
  rel: string;
  line: number;
  match: string;
}

const MAX_BYTES = 512 * 1024;

function readText(abs: string): string | undefined {
  try {
    const buf = readFileSync(abs);
    return buf.length > MAX_BYTES ? undefined : buf.toString('utf8');
  } catch {
    return undefined;
  }
}

/** Texts of a service: its source files (Python or JS), config files, Dockerfile, compose definitions and env_files; `read` may serve files from a per-run cache. */
export function serviceTexts(service: Service, root: string, files: ServiceFiles, sources: readonly string[], read: (abs: string) => string | undefined = readText): TextSource[] {
  const out: TextSource[] = [];
  const seen = new Set<string>();
  const addFile = (abs: string): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const text = read(abs);
    if (text !== undefined) out.push({ rel: relPath(root, abs), text, firstLine: 1, abs });
  };
  for (const f of sources) addFile(f);
  for (const f of files.config) addFile(f);
  if (service.link?.dockerfile) addFile(service.link.dockerfile.path);
  const svc = service.project.services.get(service.name);
  for (const d of svc?.defs ?? []) {
    const r = d.node.range;
    if (!r) continue;
    const src = d.file.source;
    out.push({ rel: relPath(root, src.path), text: src.text.slice(r[0], r[2]), firstLine: lineAtSource(src, r[0]) });
  }
  const envFiles = svc?.value.env_file;
  const list = typeof envFiles === 'string' ? [envFiles] : Array.isArray(envFiles) ? envFiles : [];
  for (const e of list) {
    const p = typeof e === 'string' ? e : e && typeof e === 'object' && typeof (e as { path?: unknown }).path === 'string' ? (e as { path: string }).path : undefined;
    if (p) addFile(path.resolve(service.project.dir, p));
  }
  return out;
}

function lineOf(src: TextSource, offset: number, cache: Map<TextSource, LineIndex>): number {
  let idx = cache.get(src);
  if (!idx) cache.set(src, (idx = new LineIndex(src.text)));
  return src.firstLine + idx.position(offset).line - 1;
}

const perFileSchemes = new WeakMap<object, Map<string, Map<string, TextHit>>>();

/**
 * Every URL scheme (`sqlite+aiosqlite`, `postgresql`, `redis`) written as `scheme://`, lower-cased, with its first
 * place. With `run` (an object shared by one run), whole files are scanned once per run.
 */
export function urlSchemes(texts: readonly TextSource[], run?: object): Map<string, TextHit> {
  const out = new Map<string, TextHit>();
  let memo = run ? perFileSchemes.get(run) : undefined;
  if (run && !memo) perFileSchemes.set(run, (memo = new Map()));
  for (const src of texts) {
    const key = src.abs !== undefined && src.firstLine === 1 ? src.abs : undefined;
    let found = key !== undefined ? memo?.get(key) : undefined;
    if (!found) {
      found = schemesOf(src);
      if (key !== undefined) memo?.set(key, found);
    }
    for (const [scheme, hit] of found) if (!out.has(scheme)) out.set(scheme, hit);
  }
  return out;
}

// Scheme characters ([A-Za-z0-9+._-]); the regex form was slow on large files (it retried at every letter).
const SCHEME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (/[A-Za-z0-9+._-]/.test(String.fromCharCode(c))) SCHEME_CHAR[c] = 1;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Schemes of one text: the longest `[A-Za-z][A-Za-z0-9+._-]*` before each `://` not preceded by `[A-Za-z0-9+.-]`. */
function schemesOf(src: TextSource): Map<string, TextHit> {
  const out = new Map<string, TextHit>();
  const cache = new Map<TextSource, LineIndex>();
  const t = src.text;
  for (let at = t.indexOf('://'); at >= 0; at = t.indexOf('://', at + 3)) {
    let j = at;
    while (j > 0 && t.charCodeAt(j - 1) < 128 && SCHEME_CHAR[t.charCodeAt(j - 1)]) j--;
    // Start at the first letter whose preceding char is outside the run or an underscore (the lookbehind allows it).
    let k = j;
    while (k < at && !(isLetter(t.charCodeAt(k)) && (k === j || t.charCodeAt(k - 1) === 95))) k++;
    if (k >= at) continue;
    const scheme = t.slice(k, at);
    const key = scheme.toLowerCase();
    if (!out.has(key)) out.set(key, { rel: src.rel, line: lineOf(src, k, cache), match: `${scheme}://` });
  }
  return out;
}

/** First place a literal text appears. */
export function findText(texts: readonly TextSource[], pattern: string): TextHit | undefined {
  const cache = new Map<TextSource, LineIndex>();
  for (const src of texts) {
    const i = src.text.indexOf(pattern);
    if (i >= 0) return { rel: src.rel, line: lineOf(src, i, cache), match: pattern };
  }
  return undefined;
}
