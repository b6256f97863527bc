import type { Node } from 'yaml';
import { toJs, type YamlFile } from '../compose/parse.js';
import { dotted, pathKey, show, type DataPath } from './data-path.js';
import { nodeAt, valueDiffs, type ValueDiff } from './yaml-diff.js';

/** A difference no expectation accounts for, placed on the original text. */
export interface Undeclared {
  /** What differs, for people: `services.b.mem_limit changes from "128M" to "192M"`. */
  what: string;
  /** Offset in the original text: the old value, the removed key, or the key under which something was added. */
  offset: number;
  /** Further undeclared differences in the same file. */
  more: number;
}

/** Top-level keys compose reads; everything else (`x-*`, or keys of a YAML file that is not compose) it ignores. */
const COMPOSE_KEYS = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'configs', 'secrets', 'models']);
const SECTIONS = new Set(['services', 'networks', 'volumes', 'configs', 'secrets']);

/** Whether compose reads the value at a path: not under a top-level unknown key or an `x-` extension of a definition. */
function composeReads(path: DataPath): boolean {
  const top = String(path[0] ?? '');
  if (!COMPOSE_KEYS.has(top)) return false;
  return !(SECTIONS.has(top) && path.length >= 3 && String(path[2]).startsWith('x-'));
}

const within = (n: Node | null | undefined, ranges: readonly [number, number][]): boolean => {
  const r = n?.range;
  return Boolean(r && ranges.some(([s, e]) => r[0] >= s && r[1] <= e));
};

function describe(d: ValueDiff, before: YamlFile): string {
  const p = dotted(d.path);
  const how = d.kind !== 'added' && throughAlias(before, d.path) ? ' (through an alias or merge key)' : '';
  if (d.kind === 'changed') return `${p} changes from ${show(d.before)} to ${show(d.after)}${how}`;
  return d.kind === 'removed' ? `${p} (${show(d.before)}) is removed${how}` : `${p} is added (${show(d.after)})`;
}

/** Whether a path's value is written outside its definition's own block (`services.b` reaching an anchor). */
function throughAlias(file: YamlFile, path: DataPath): boolean {
  const own = nodeAt(file.doc, path.slice(0, Math.min(2, path.length - 1)))?.value?.range;
  const node = nodeAt(file.doc, path)?.value;
  return Boolean(own && node?.range && !within(node, [[own[0], own[1]]]));
}

/**
 * The structural check of a changed YAML file: every value path that differs between the old and the new parse
 * (aliases and merge keys resolved, as compose reads them) must be covered by a declared expectation — the
 * expected path itself, a path under it (its new subtree, or a removed one), or a mapping created to hold it. A
 * difference where compose does not read (an `x-` anchor's own definition) is covered when its node is the node,
 * or lies inside the node, that a declared path reaches: an anchor edited once for the services that declared it.
 * A value other services reach through that anchor is theirs, and must be declared for them too.
 * Returns the first undeclared difference, or undefined. Both parses are the ones verify already has.
 */
export function undeclaredYaml(before: YamlFile, after: YamlFile, declared: readonly DataPath[]): Undeclared | undefined {
  const diffs = valueDiffs(toJs(before), toJs(after));
  if (!diffs.length) return undefined;
  const keys = new Set(declared.map(pathKey));
  const byPrefix = (p: DataPath): boolean => {
    for (let i = 0; i <= p.length; i++) if (keys.has(pathKey(p.slice(0, i)))) return true;
    return false;
  };
  let shared: { before: [number, number][]; after: [number, number][] } | undefined;
  const rangesIn = (file: YamlFile): [number, number][] =>
    declared.flatMap((q) => {
      const r = nodeAt(file.doc, q)?.value?.range;
      return r ? [[r[0], r[1]] as [number, number]] : [];
    });
  const byAnchor = (d: ValueDiff): boolean => {
    if (composeReads(d.path)) return false;
    shared ??= { before: rangesIn(before), after: rangesIn(after) };
    return d.kind === 'removed' ? within(nodeAt(before.doc, d.path)?.value, shared.before) : within(nodeAt(after.doc, d.path)?.value, shared.after);
  };
  const open = diffs.filter((d) => !byPrefix(d.path) && !byAnchor(d));
  const first = open[0];
  if (!first) return undefined;
  return { what: describe(first, before), offset: placeOf(before, first), more: open.length - 1 };
}

/** Where a difference shows in the original text: its old value, its key, or the key of the nearest mapping that was there. */
function placeOf(before: YamlFile, d: ValueDiff): number {
  for (let n = d.path.length; n >= 0; n--) {
    const r = nodeAt(before.doc, d.path.slice(0, n));
    if (!r) continue;
    const node = n === d.path.length && d.kind === 'changed' ? (r.value ?? r.key) : (r.key ?? r.value);
    if (node?.range) return node.range[0];
  }
  return 0;
}
