import { isAlias, isMap, isScalar, Scalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { replaceRange, type Edit } from '../core/edit.js';
import { InputError } from '../core/errors.js';
import { indentUnit, keyColumn, insertInFlow, insertLinesInMap, insertUnderEmptyPair, mapIndent, replaceNode, replaceScalar, setLineComment } from './edit.js';
import type { MemorySetting } from './memory-setting.js';
import type { ServiceDef } from './model.js';
import { MAX_ALIAS_COUNT, type YamlFile } from './parse.js';
import { lookup, ownPair, resolve } from './yaml-nav.js';

/** Edit a setting where it is written (its anchor, its extends base, or the service itself). */
export function editInPlace(setting: MemorySetting, value: string): Edit[] {
  const file = setting.def.file;
  const node = setting.node;
  const range = setting.variable?.defaultRange;
  if (range) {
    const [start, end] = node.range!;
    const at = file.source.text.slice(start, end).indexOf(setting.raw);
    if (at === -1) throw InputError.at(file.source.rel, file.source.text, start, `cannot locate \${${setting.variable!.name}} in its scalar (an escaped or folded value); not edited`);
    return [replaceRange(file.source.path, start + at + range[0], start + at + range[1], value)];
  }
  // An empty value (`mem_limit:`) has no text to replace: the new value needs its own space after the colon.
  if (node.value === null && node.range![0] === node.range![1]) return [replaceRange(file.source.path, node.range![0], node.range![1], ' ' + value)];
  return [replaceScalar(file, node, value)];
}

/** A JS value as block YAML lines at an indentation (used only for new text, never for re-printing). */
function renderBlock(value: unknown, indent: number, unit: number, eol: string): string {
  const text = stringify(value, { indent: unit, lineWidth: 0 }).replace(/\n$/, '');
  return text
    .split('\n')
    .map((l) => ' '.repeat(indent) + l)
    .join(eol);
}

/** The plain JS of a node (aliases and merges resolved). */
function plain(file: YamlFile, node: Node): Record<string, unknown> {
  const js = node.toJS(file.doc, { maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  return js && typeof js === 'object' ? (js as Record<string, unknown>) : {};
}

/** One value to write into a service's own block. */
export interface OwnValue {
  path: readonly string[];
  /** The text to write (may end with `  # comment`). */
  text: string;
  /**
   * The value as block lines (a list's `- item` lines), relative to the column of its key: written under
   * `key:` in a block mapping instead of `key: text` (a flow mapping gets `text`).
   */
  lines?: readonly string[];
  /** The plain value, for copies rendered through yaml. */
  value: unknown;
}

type Trie = Map<string, Trie | OwnValue>;

function trieOf(values: readonly OwnValue[], depth: number): Trie {
  const t: Trie = new Map();
  for (const v of values) {
    const key = v.path[depth]!;
    if (depth === v.path.length - 1) t.set(key, v);
    else {
      const sub = t.get(key);
      t.set(key, sub instanceof Map ? sub : new Map());
    }
  }
  for (const [key, sub] of t) {
    if (sub instanceof Map) t.set(key, trieOf(values.filter((v) => v.path[depth] === key && v.path.length > depth + 1), depth + 1));
  }
  return t;
}

function trieLines(t: Trie, indent: number, unit: number): string[] {
  const out: string[] = [];
  for (const [k, v] of t) {
    if (v instanceof Map) out.push(`${' '.repeat(indent)}${k}:`, ...trieLines(v, indent + unit, unit));
    else if (v.lines) out.push(`${' '.repeat(indent)}${k}:`, ...v.lines.map((l) => ' '.repeat(indent) + l));
    else out.push(`${' '.repeat(indent)}${k}: ${v.text}`);
  }
  return out;
}

/** `key:` with nothing after the colon (or only a comment): the value has no text to replace. */
function emptyValue(v: unknown): boolean {
  return v === null || (isScalar(v) && v.value === null && v.range![0] === v.range![1]);
}

/** A value written where an own pair's value is empty: after the colon, or as block lines under the key. */
function fillEmpty(file: YamlFile, own: Pair<Scalar, Node | null>, value: OwnValue): Edit {
  const key = own.key as Node;
  if (value.lines) {
    const col = keyColumn(file.source.text, key.range![0]);
    return insertUnderEmptyPair(file, own, value.lines.map((l) => ' '.repeat(col) + l));
  }
  // After the colon, so that an end-of-line comment stays after the value.
  const colon = file.source.text.indexOf(':', key.range![1]);
  return replaceRange(file.source.path, colon + 1, colon + 1, ' ' + value.text.replace(/\s+#.*$/, ''));
}

function trieFlow(t: Trie): string {
  return [...t].map(([k, v]) => (v instanceof Map ? `${k}: {${trieFlow(v)}}` : `${k}: ${v.text.replace(/\s+#.*$/, '')}`)).join(', ');
}

function applyTrie(obj: Record<string, unknown>, t: Trie): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  for (const [k, v] of t) {
    if (v instanceof Map) copy[k] = applyTrie((copy[k] as Record<string, unknown>) ?? {}, v);
    else {
      // A value written with an end-of-line comment keeps it in the rendered copy too.
      const comment = /\s+#\s?(.*)$/.exec(v.text)?.[1];
      if (comment === undefined) copy[k] = v.value;
      else {
        const scalar = new Scalar(v.value);
        scalar.comment = ` ${comment}`;
        copy[k] = scalar;
      }
    }
  }
  return copy;
}

/**
 * Write values into the service's own block, overriding what it gets from an anchor: missing keys are
 * inserted in the file's style (all new keys of one mapping in one block); a mapping it gets through a
 * merge key or alias is copied into the service with the values changed (YAML merges are shallow, so a
 * partial override would drop its siblings).
 */
export function writeOwn(def: ServiceDef, values: readonly OwnValue[]): Edit[] {
  return writeTrie(def.file, def.node, trieOf(values, 0));
}

function writeTrie(file: YamlFile, map: YAMLMap, t: Trie): Edit[] {
  const doc = file.doc;
  const unit = indentUnit(file);
  const edits: Edit[] = [];
  const missing: Trie = new Map();
  const copies = new Map<string, Record<string, unknown>>();
  for (const [key, sub] of t) {
    const own = ownPair(map, key);
    if (own) {
      const v = own.value;
      if (!(sub instanceof Map) && emptyValue(v)) edits.push(fillEmpty(file, own, sub));
      else if (!(sub instanceof Map) && sub.lines && !map.flow) {
        // `cap_drop: *caps` → the list's own lines under the key.
        const keyNode = own.key as Node;
        const col = keyColumn(file.source.text, keyNode.range![0]);
        const eol = file.source.eol;
        edits.push(replaceRange(file.source.path, keyNode.range![1], (v as Node).range![1], ':' + eol + sub.lines.map((l) => ' '.repeat(col) + l).join(eol)));
      } else if (!(sub instanceof Map)) {
        edits.push(isScalar(v) && !isAlias(v) ? replaceScalar(file, v, sub.text.replace(/\s+#.*$/, '')) : replaceNode(file, v as Node, sub.text.replace(/\s+#.*$/, '')));
        const comment = /\s+#\s?(.*)$/.exec(sub.text)?.[1];
        if (comment !== undefined) edits.push(setLineComment(file, v as Node, comment));
      } else if (isMap(v)) edits.push(...writeTrie(file, v, sub));
      else if (isAlias(v)) {
        // `deploy: *defaults` → a copy of the anchor's mapping with the values changed.
        const target = resolve(doc, v).node;
        const copy = applyTrie(target ? plain(file, target) : {}, sub);
        const keyNode = own.key as Node;
        const block = renderBlock(copy, keyColumn(file.source.text, keyNode.range![0]) + unit, unit, file.source.eol);
        edits.push(replaceRange(file.source.path, keyNode.range![1], v.range![1], ':' + file.source.eol + block));
      } else if (v === null || (isScalar(v) && (v.value === null || v.value === ''))) {
        const indent = keyColumn(file.source.text, (own.key as Node).range![0]) + unit;
        edits.push(insertUnderEmptyPair(file, own, trieLines(sub, indent, unit)));
      } else throw InputError.at(file.source.rel, file.source.text, (v as Node | null)?.range?.[0] ?? (own.key as Node).range![0], `${key} must be a mapping to hold ${[...sub.keys()].join(', ')} (docker compose refuses it too)`);
      continue;
    }
    const merged = lookup(doc, map, key);
    if (merged && sub instanceof Map && merged.value && isMap(merged.value)) {
      const copy = applyTrie(plain(file, merged.value), sub);
      copies.set(key, copy);
      missing.set(key, sub);
    } else missing.set(key, sub);
  }
  if (missing.size) {
    if (map.flow) edits.push(insertInFlow(file, map, trieFlow(missing)));
    // (a flow mapping reached through a merge key is rare; its copy is written as flow entries too)
    else {
      const indent = mapIndent(file, map);
      const lines: string[] = [];
      for (const [k, v] of missing) {
        const copy = copies.get(k);
        if (copy) lines.push(...renderBlock({ [k]: copy }, indent, unit, '\n').split('\n'));
        else lines.push(...trieLines(new Map([[k, v]]), indent, unit));
      }
      edits.push(insertLinesInMap(file, map, lines));
    }
  }
  return edits;
}
