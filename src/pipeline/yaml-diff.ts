import { isMap, isSeq, type Document, type Node } from 'yaml';
import { lookup, resolve } from '../compose/yaml-nav.js';
import type { DataPath } from './data-path.js';

/** One difference between two parses, at a leaf: a scalar, an empty collection, or a key that came or went. */
export interface ValueDiff {
  path: (string | number)[];
  kind: 'changed' | 'added' | 'removed';
  before?: unknown;
  after?: unknown;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFull = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : isObj(v) && Object.keys(v).length > 0);
/** null and `{}`/`[]`: what a key holds before a transform fills it (`logging:` → `logging: {driver: x}`). */
const isEmpty = (v: unknown): boolean => v === null || (Array.isArray(v) ? v.length === 0 : isObj(v) && Object.keys(v).length === 0);

/**
 * The leaf differences between two plain-data trees (YAML as `toJs` resolves it: aliases and merge keys
 * expanded, as compose reads the file). A subtree that came or went is listed leaf by leaf, so a mapping
 * created to hold a new key is covered by that key; a null or empty value that became a collection is
 * listed as the collection's leaves.
 */
export function valueDiffs(before: unknown, after: unknown): ValueDiff[] {
  const out: ValueDiff[] = [];
  // Aliases make a tree a DAG (and a recursive anchor a cycle): a subtree on the current path is not entered again.
  const onPath = new Set<unknown>();
  const each = (value: unknown, path: (string | number)[], kind: 'added' | 'removed'): void => {
    if (!isFull(value) || onPath.has(value)) {
      out.push(kind === 'added' ? { path, kind, after: value } : { path, kind, before: value });
      return;
    }
    onPath.add(value);
    if (Array.isArray(value)) value.forEach((v, i) => each(v, [...path, i], kind));
    else for (const [k, v] of Object.entries(value as Obj)) each(v, [...path, k], kind);
    onPath.delete(value);
  };
  const walk = (b: unknown, a: unknown, path: (string | number)[]): void => {
    if (Object.is(b, a)) return;
    if (onPath.has(a) || onPath.has(b)) return;
    const arrays = Array.isArray(b) && Array.isArray(a);
    if (arrays || (isObj(b) && isObj(a))) {
      onPath.add(a);
      onPath.add(b);
      const keys = arrays ? Array.from({ length: Math.max((b as unknown[]).length, (a as unknown[]).length) }, (_, i) => i) : [...new Set([...Object.keys(b as Obj), ...Object.keys(a as Obj)])];
      for (const k of keys) {
        const inB = Object.prototype.hasOwnProperty.call(b, k);
        const inA = Object.prototype.hasOwnProperty.call(a, k);
        const bk = (b as Obj)[k as string];
        const ak = (a as Obj)[k as string];
        if (inB && inA) walk(bk, ak, [...path, k]);
        else if (inB) each(bk, [...path, k], 'removed');
        else each(ak, [...path, k], 'added');
      }
      onPath.delete(a);
      onPath.delete(b);
      return;
    }
    if (isEmpty(b) && isFull(a)) return each(a, path, 'added');
    if (isFull(b) && isEmpty(a)) return each(b, path, 'removed');
    out.push({ path, kind: 'changed', before: b, after: a });
  };
  walk(before, after, []);
  return out;
}

/** A node reached by a path: the mapping key that holds it (none for a list item or the root) and its value. */
export interface Reached {
  key?: Node;
  value: Node | null;
}

/**
 * The node a data path reaches in a parsed document, as compose reads it: aliases resolved, a mapping's own
 * keys first, then its merge keys' sources in YAML order. Undefined when a step is missing.
 */
export function nodeAt(doc: Document, path: DataPath): Reached | undefined {
  let reached: Reached = { value: resolve(doc, doc.contents).node };
  for (const k of path) {
    const cur = reached.value;
    if (isMap(cur)) {
      const found = lookup(doc, cur, String(k));
      if (!found) return undefined;
      reached = { key: found.pair.key as Node, value: found.value };
    } else if (isSeq(cur)) {
      const item = cur.items[Number(k)];
      if (item === undefined) return undefined;
      reached = { value: resolve(doc, item).node };
    } else return undefined;
  }
  return reached;
}
