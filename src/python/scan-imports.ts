import { ImportCollector } from './import-collector.js';
import { tokenize } from './tokenizer.js';
import type { PyString, ScanResult } from './types.js';

/**
 * Find every import of a Python source text: `import`, `from ... import`, and `importlib.import_module("m")` /
 * `__import__("m")` with a literal string, at any depth, never inside strings or comments. Never throws: syntax
 * problems are returned as errors and scanning goes on. Offsets are into `text` (a leading BOM counts as one char).
 */
export function scanImports(text: string): ScanResult {
  return scan(text, false);
}

/** `scanImports` plus the string literals whose value is a dotted Python name (`"lxml"`, `"app.tasks"`), with lines. */
export function scanPython(text: string): ScanResult & { strings: PyString[] } {
  return scan(text, true) as ScanResult & { strings: PyString[] };
}

function scan(text: string, strings: boolean): ScanResult {
  const collector = new ImportCollector(text, strings);
  tokenize(text, collector);
  const { imports, errors } = collector;
  setLines(text, imports);
  errors.sort((a, b) => a.offset - b.offset);
  if (!strings) return { imports, errors };
  setLines(text, collector.strings);
  return { imports, errors, strings: collector.strings };
}

/** Lines in one pass over the newlines, as items come in source order (a restart handles the rare exception). */
function setLines(text: string, items: { offset: number; line: number }[]): void {
  let line = 1;
  let pos = 0;
  for (const it of items) {
    if (it.offset < pos) {
      line = 1;
      pos = 0;
    }
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < it.offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      pos = nl + 1;
    }
    it.line = line;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** How `scanImportsBytes` decoded its input. */
export interface BytesScanResult extends ScanResult {
  /** The decoded text without BOM: the offsets of imports and errors point into it. */
  text: string;
  encoding: 'utf-8' | 'latin1';
  bom: boolean;
}

/**
 * Scan raw file bytes: UTF-8 (a BOM is dropped), or, when that fails, one char per byte (latin-1), which keeps the
 * ASCII structure of any ASCII-compatible encoding (`# -*- coding: latin-1 -*-`, cp1252...) that module names need.
 */
export function scanImportsBytes(buf: Uint8Array): BytesScanResult {
  return scanBytes(buf, false);
}

/** `scanImportsBytes` with the dotted-name string literals too (see `scanPython`). */
export function scanPythonBytes(buf: Uint8Array): BytesScanResult & { strings: PyString[] } {
  return scanBytes(buf, true) as BytesScanResult & { strings: PyString[] };
}

function scanBytes(buf: Uint8Array, strings: boolean): BytesScanResult {
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  let text: string;
  let encoding: 'utf-8' | 'latin1' = 'utf-8';
  try {
    text = utf8.decode(body);
  } catch {
    // WHATWG "latin1" is windows-1252: still one UTF-16 unit per byte, so offsets equal byte offsets.
    text = latin1.decode(body);
    encoding = 'latin1';
  }
  return { ...scan(text, strings), text, encoding, bom };
}
