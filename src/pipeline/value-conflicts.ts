import type { Change, Expectation, Finding } from '../core/finding.js';
import { normalizeName } from '../requirements/index.js';
import { dotted, isPrefix, pathKey, sameData, show, type DataPath } from './data-path.js';

/** An expectation as the passes declared it: the change that carries it and the pass that made it. */
export interface Declared {
  e: Expectation;
  c: Change;
  pass: number;
}

/**
 * What verify reads back instead of a declared expectation: `null` skips it (a later write of the same value
 * supersedes it, or the value is in conflict and the run is refused anyway); an expectation replaces it (an
 * earlier mapping with a later transform's value under one of its keys).
 */
export type ReadBack = Map<Expectation, Expectation | null>;

type Yaml = Extract<Expectation, { kind: 'yaml' }>;

/** The value a YAML expectation says is at `sub` below its path; `absent` when its mapping simply lacks that key. */
function below(e: Yaml, sub: DataPath): { value: unknown } | 'absent' {
  let cur = e.value;
  for (const k of sub) {
    if (cur === null || typeof cur !== 'object') return { value: undefined };
    if (!Object.prototype.hasOwnProperty.call(cur, k)) return Array.isArray(cur) ? { value: undefined } : 'absent';
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return { value: cur };
}

/** A copy of a mapping expectation with `value` written at `sub` below it. */
function patched(e: Yaml, sub: DataPath, value: unknown): Yaml {
  const copy = structuredClone(e.value) as Record<string | number, unknown>;
  let cur = copy;
  sub.slice(0, -1).forEach((k) => (cur = (cur[k] ??= {}) as Record<string | number, unknown>));
  cur[sub.at(-1)!] = value;
  return { ...e, value: copy };
}

/** Index of declared expectations: YAML ones by every prefix of their path, the others by what they name. */
export class DeclaredIndex {
  private readonly byPrefix = new Map<string, Declared[]>();
  private readonly byExact = new Map<string, Declared[]>();
  private readonly byName = new Map<string, Declared[]>();

  add(d: Declared): void {
    const push = (m: Map<string, Declared[]>, k: string): void => void (m.get(k) ?? m.set(k, []).get(k)!).push(d);
    const e = d.e;
    if (e.kind === 'yaml') {
      for (let i = 0; i <= e.path.length; i++) push(this.byPrefix, `${e.file}\u0000${pathKey(e.path.slice(0, i))}`);
      push(this.byExact, `${e.file}\u0000${pathKey(e.path)}`);
    } else if (e.kind === 'requirement') push(this.byName, `${e.file}\u0000R\u0000${normalizeName(e.name)}`);
    else if (e.kind === 'option') push(this.byName, `${e.file}\u0000O\u0000${e.option}\u0000${e.value}`);
  }

  /** Declared expectations that may touch the same value: same path, a path above or below it, same requirement or option. */
  near(e: Expectation): Declared[] {
    if (e.kind === 'yaml') {
      const out = [...(this.byPrefix.get(`${e.file}\u0000${pathKey(e.path)}`) ?? [])];
      for (let i = 0; i < e.path.length; i++) out.push(...(this.byExact.get(`${e.file}\u0000${pathKey(e.path.slice(0, i))}`) ?? []));
      return out;
    }
    if (e.kind === 'requirement') return this.byName.get(`${e.file}\u0000R\u0000${normalizeName(e.name)}`) ?? [];
    if (e.kind === 'option') return this.byName.get(`${e.file}\u0000O\u0000${e.option}\u0000${e.value}`) ?? [];
    return [];
  }
}

/** Whether two expectations of one value disagree, and what each says (for the finding). */
function disagreement(a: Expectation, b: Expectation): { path: string; said: [string, string] } | undefined | 'same' {
  if (a.kind === 'yaml' && b.kind === 'yaml') {
    const [short, long] = a.path.length <= b.path.length ? [a, b] : [b, a];
    if (!isPrefix(short.path, long.path)) return undefined;
    const at = below(short, long.path.slice(short.path.length));
    if (at === 'absent' || (sameData(at.value, long.value) && (at.value === undefined) === (long.value === undefined))) return 'same';
    const says = (x: Yaml): string => {
      const what = x.path.length === long.path.length ? 'it' : dotted(x.path);
      return x.value === undefined ? `removes ${what}` : `sets ${what} to ${show(x.value)}`;
    };
    return { path: dotted(long.path), said: [says(a), says(b)] };
  }
  if (a.kind === 'requirement' && b.kind === 'requirement') {
    if ((a.marker ?? '') !== (b.marker ?? '') && a.present && b.present) return undefined;
    const spec = (x: typeof a): string => (x.present ? `requires it${x.specifier ? ` (${x.specifier}${x.marker ? `; ${x.marker}` : ''})` : ''}` : 'removes it');
    const sq = (s: string | undefined): string | undefined => s?.replace(/\s+/g, '');
    const differ = a.present !== b.present || (a.specifier !== undefined && b.specifier !== undefined && sq(a.specifier) !== sq(b.specifier));
    return differ ? { path: normalizeName(a.name), said: [spec(a), spec(b)] } : 'same';
  }
  if (a.kind === 'option' && b.kind === 'option') {
    if (a.present === b.present) return 'same';
    const says = (x: typeof a): string => `${x.present ? 'adds' : 'removes'} it`;
    return { path: `${a.option} ${a.value}`, said: [says(a), says(b)] };
  }
  return undefined;
}

/**
 * Settle the expectations a pass declared against everything declared before it (earlier passes, and earlier
 * changes of the same pass). Two transforms that write one value (one path, or one above the other; one
 * requirement; one option line) and agree: the later declaration supersedes the earlier's read-back (an earlier
 * mapping is read back with the later value under its key). When they disagree, the earlier transform's value
 * is not silently overwritten by the pass that ran after it: that is a `value-conflict` error finding naming
 * both transforms, both values and the place, and the run writes nothing (exit 2).
 */
export function settleExpectations(index: DeclaredIndex, added: readonly Declared[], readBack: ReadBack): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  for (const a of added) {
    for (const b of index.near(a.e)) {
      if (b.c.transform === a.c.transform) continue;
      const d = disagreement(b.e, a.e);
      if (d === undefined) continue;
      if (d === 'same') {
        if (b.e.kind === 'yaml' && a.e.kind === 'yaml' && b.e.path.length < a.e.path.length) {
          const cur = (readBack.get(b.e) ?? b.e) as Yaml;
          if (readBack.get(b.e) !== null) readBack.set(b.e, patched(cur, a.e.path.slice(b.e.path.length), a.e.value));
        } else readBack.set(b.e, null);
        continue;
      }
      readBack.set(a.e, null);
      readBack.set(b.e, null);
      const key = `${b.c.transform}\u0000${a.c.transform}\u0000${b.e.file}\u0000${d.path}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const when = (x: Declared): string => (a.pass === b.pass ? '' : ` (pass ${x.pass})`);
      findings.push({
        transform: a.c.transform,
        level: 'error',
        code: 'value-conflict',
        ...(a.c.service ? { service: a.c.service } : {}),
        file: b.c.file,
        line: b.c.line,
        message: `${d.path}: ${b.c.transform}${when(b)} ${d.said[0]} and ${a.c.transform}${when(a)} ${d.said[1]}; two transforms disagree on one value, so nothing is written: narrow one of their policies (services:, when:) or drop one`,
      });
    }
    index.add(a);
  }
  return findings;
}
