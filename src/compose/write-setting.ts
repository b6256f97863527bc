import { isAlias, isMap, isScalar, stringify, type Node, type YAMLMap } from 'yaml';
import { replaceRange, type Edit } from '../core/edit.js';
import { columnOf, indentUnit, insertLinesInMap, insertPath, insertUnderEmptyPair, mapIndent, replaceNode, replaceScalar } from './edit.js';
import type { MemorySetting } from './memory-setting.js';
import type { ServiceDef } from './model.js';
import type { YamlFile } from './parse.js';
import { lookup, ownPair, resolve } from './yaml-nav.js';

/** Edit a setting where it is written (its anchor, its extends base, or the service itself). */
export function editInPlace(setting: MemorySetting, value: string): Edit[] {
  const file = setting.def.file;
  const node = setting.node;
  const range = setting.variable?.defaultRange;
  if (range) {
    const [start, end] = node.range!;
    const at = file.source.text.slice(start, end).indexOf(setting.raw);
    if (at === -1) throw new Error(`${file.source.rel}: cannot locate \${${setting.variable!.name}} in its scalar`);
    return [replaceRange(file.source.path, start + at + range[0], start + at + range[1], value)];
  }
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

function setIn(obj: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  const [head, ...rest] = path;
  if (rest.length === 0) copy[head!] = value;
  else copy[head!] = setIn((copy[head!] as Record<string, unknown>) ?? {}, rest, value);
  return copy;
}

/** The plain JS of a node (aliases and merges resolved). */
function plain(file: YamlFile, node: Node): Record<string, unknown> {
  const js = node.toJS(file.doc, { maxAliasCount: 100 }) as unknown;
  return js && typeof js === 'object' ? (js as Record<string, unknown>) : {};
}

/**
 * Write a value into the service's own block, overriding what it gets from an anchor: missing keys are
 * inserted in the file's style; a mapping it gets through a merge key or alias is copied into the service
 * with the one value changed (YAML merges are shallow, so a partial override would drop its siblings).
 */
export function writeOwn(def: ServiceDef, path: readonly string[], value: string, parsedValue: unknown): Edit[] {
  const file = def.file;
  const doc = file.doc;
  let map: YAMLMap = def.node;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const rest = path.slice(i);
    const leaf = i === path.length - 1;
    const own = ownPair(map, key);
    if (own) {
      const v = own.value;
      if (leaf) return isScalar(v) && !isAlias(v) ? [replaceScalar(file, v, value)] : [replaceNode(file, v as Node, value)];
      if (isMap(v)) {
        map = v;
        continue;
      }
      if (isAlias(v)) {
        // `deploy: *defaults` → a copy of the anchor's mapping with the value changed.
        const target = resolve(doc, v).node;
        const copy = setIn(target ? plain(file, target) : {}, path.slice(i + 1), parsedValue);
        const keyNode = own.key as Node;
        const indent = columnOf(file.source.text, keyNode.range![0]) + indentUnit(file);
        const block = renderBlock(copy, indent, indentUnit(file), file.source.eol);
        return [replaceRange(file.source.path, keyNode.range![1], v.range![1], ':' + file.source.eol + block)];
      }
      if (v === null || (isScalar(v) && (v.value === null || v.value === ''))) {
        return [insertUnderEmptyPair(file, own, path.slice(i + 1), value)];
      }
      throw new Error(`${file.source.rel}: ${path.slice(0, i + 1).join('.')} is not a mapping`);
    }
    const merged = lookup(doc, map, key);
    if (merged && !leaf && merged.value && isMap(merged.value)) {
      const copy = setIn(plain(file, merged.value), path.slice(i + 1), parsedValue);
      return [insertBlock(file, map, key, copy)];
    }
    return [insertPath(file, map, rest, value)];
  }
  throw new Error('empty path');
}

function insertBlock(file: YamlFile, map: YAMLMap, key: string, value: Record<string, unknown>): Edit {
  const block = renderBlock({ [key]: value }, mapIndent(file, map), indentUnit(file), '\n');
  return insertLinesInMap(file, map, block.split('\n'));
}
