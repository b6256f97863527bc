import path from 'node:path';
import type { PyString } from '../python/index.js';

/** Where a module name was seen as a string: `string "lxml" at svc/scrape.py:4`. */
export interface StringRef {
  value: string;
  rel: string;
  line: number;
  /** `string` for a Python string literal, `word` for a word of a config file. */
  kind: 'string' | 'word';
}

/** Config files whose words may name modules (.ini, .cfg, .toml, .yaml, .json, .conf, .env). */
const CONFIG = /\.(?:ini|cfg|toml|ya?ml|json|conf)$|^\.env(?:\..+)?$|\.env$/;
/** Files that list distributions (not modules): a package named there says nothing about its use. */
const MANIFEST = /^(?:pyproject\.toml|setup\.cfg|Pipfile|Pipfile\.lock|poetry\.lock|uv\.lock|pdm\.lock|environment\.ya?ml|conda\.ya?ml|package(?:-lock)?\.json|composer\.json|tox\.ini|\.pre-commit-config\.ya?ml|renovate\.json|\.?dependabot\.ya?ml)$|^requirements.*|^constraints.*/i;
const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g;

/** True for a config file whose words are searched for module names. */
export function isRefConfig(abs: string): boolean {
  const base = path.basename(abs);
  return CONFIG.test(base) && !MANIFEST.test(base);
}

/** Dotted words of a config text with their lines (the first place of each distinct word). */
export function configWords(text: string): PyString[] {
  const out: PyString[] = [];
  const seen = new Set<string>();
  let line = 1;
  let pos = 0;
  for (const m of text.matchAll(WORD)) {
    const value = m[0];
    if (seen.has(value)) continue;
    seen.add(value);
    for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < m.index!; nl = text.indexOf('\n', nl + 1)) {
      line++;
      pos = nl + 1;
    }
    out.push({ value, offset: m.index!, line });
  }
  return out;
}

/**
 * Module references of one file: each value and each of its dotted prefixes (`a.b.c` → `a`, `a.b`, `a.b.c`) maps
 * to the first place it was seen, so "a string equal to `name` or starting with `name.`" is one lookup. Built once
 * per file and run, shared by every service that copies the file.
 */
export function fileRefs(rel: string, kind: StringRef['kind'], items: readonly PyString[]): ReadonlyMap<string, StringRef> {
  const byPrefix = new Map<string, StringRef>();
  for (const s of items) {
    const ref: StringRef = { value: s.value, rel, line: s.line, kind };
    let i = s.value.indexOf('.');
    while (i >= 0) {
      const p = s.value.slice(0, i);
      if (!byPrefix.has(p)) byPrefix.set(p, ref);
      i = s.value.indexOf('.', i + 1);
    }
    if (!byPrefix.has(s.value)) byPrefix.set(s.value, ref);
  }
  return byPrefix;
}

/** The module references of a service: its files' indexes, searched in order. */
export class StringRefIndex {
  private readonly files: ReadonlyMap<string, StringRef>[] = [];

  add(refs: ReadonlyMap<string, StringRef>): void {
    if (refs.size) this.files.push(refs);
  }

  /** The first reference equal to `name` or starting with `name.`. */
  find(name: string): StringRef | undefined {
    for (const f of this.files) {
      const r = f.get(name);
      if (r) return r;
    }
    return undefined;
  }
}

/** `string "lxml" at svc/scrape.py:4` / `word "pymdownx.superfences" at svc/mkdocs.cfg:3`. */
export function describeRef(r: StringRef): string {
  return `${r.kind} "${r.value}" at ${r.rel}:${r.line}`;
}
