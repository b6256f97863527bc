import { readFileSync } from 'node:fs';
import { scanPythonBytes, type PyImport, type PyString } from '../python/index.js';

/** One Python file, scanned: its imports, dotted-name strings and decoded text. */
export interface ScannedPython {
  imports: PyImport[];
  strings: PyString[];
  text: string;
}

interface Entry<T> {
  value: T | undefined;
}

const MAX_TEXT_BYTES = 512 * 1024;

/**
 * Files read and scanned once per run, whoever copies them (shared folders are copied by many services). Keyed by
 * absolute path; each entry records the size and mtime it was read at.
 */
export class ScanCache {
  private readonly py = new Map<string, Entry<ScannedPython>>();
  private readonly texts = new Map<string, Entry<string>>();
  private readonly memos = new Map<string, Map<string, unknown>>();
  /** Files actually read and scanned (not served from the cache). */
  scans = 0;
  hits = 0;

  /** The scan of a Python file; undefined when it cannot be read. */
  python(abs: string): ScannedPython | undefined {
    return this.get(this.py, abs, (buf) => {
      const r = scanPythonBytes(buf);
      return { imports: r.imports, strings: r.strings, text: r.text };
    });
  }

  /** The UTF-8 text of a file up to 512 KiB; undefined when unreadable or larger. Python files share their scan's text. */
  text(abs: string): string | undefined {
    const py = this.py.get(abs);
    if (py?.value) return py.value.text.length > MAX_TEXT_BYTES ? undefined : py.value.text;
    return this.get(this.texts, abs, (buf) => (buf.length > MAX_TEXT_BYTES ? undefined : buf.toString('utf8')));
  }

  /** A value of one kind computed once per run for `key`, usually a path (folder walks, per-file indexes). */
  memo<T>(kind: string, key: string, make: () => T): T {
    let m = this.memos.get(kind);
    if (!m) this.memos.set(kind, (m = new Map()));
    if (m.has(key)) return m.get(key) as T;
    const v = make();
    m.set(key, v);
    return v;
  }

  private get<T>(map: Map<string, Entry<T>>, abs: string, make: (buf: Buffer) => T | undefined): T | undefined {
    // Within one run a path is read once (no separate stat: the cache lives for one run, nothing compares identities).
    const e = map.get(abs);
    if (e) {
      this.hits++;
      return e.value;
    }
    let buf: Buffer;
    try {
      buf = readFileSync(abs);
    } catch {
      // Unreadable or gone: not cached, as before (asked again, it is tried again).
      return undefined;
    }
    let value: T | undefined;
    try {
      value = make(buf);
    } catch {
      value = undefined;
    }
    this.scans++;
    map.set(abs, { value });
    return value;
  }
}

const perRun = new WeakMap<object, ScanCache>();

/** The cache of one run, keyed by an object the run shares across services (its dependency index). */
export function scanCacheOf(run: object): ScanCache {
  let c = perRun.get(run);
  if (!c) perRun.set(run, (c = new ScanCache()));
  return c;
}
