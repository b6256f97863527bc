import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ServiceDef } from '../../src/compose/model.js';
import { removePair } from '../../src/compose/edit.js';
import type { YamlFile } from '../../src/compose/parse.js';
import { isMergePair, lookup, lookupPath, resolve } from '../../src/compose/yaml-nav.js';
import { insertAt, removeRange, type Edit } from '../../src/core/edit.js';
import { lineAt } from '../../src/core/source.js';
import type { Service } from '../../src/project/model.js';
import type { ChangeInput, FindingInput } from '../../src/transform/types.js';

/** What removing one key path from one service plans. */
export interface RemovePlan {
  edits: Edit[];
  changes: ChangeInput[];
  findings: FindingInput[];
}

/**
 * Remove a key path from every definition of the service that writes it itself (block or flow; a comment line
 * right above that names the key goes with it). A key the service gets from an anchor, a merge key or an
 * extends base is shared: reported, never removed; so is an own key whose removal would reveal a shared one. The
 * last key of a block mapping leaves `parent: {}`.
 */
export function planRemove(service: Service, path: readonly string[], source: string): RemovePlan {
  const plan: RemovePlan = { edits: [], changes: [], findings: [] };
  const key = path.at(-1)!;
  let hidden: { file: string; line: number; from: string } | undefined;
  let sharedFrom: typeof hidden;
  const defs = service.project.services.get(service.name)?.defs ?? [];
  // `b: *a`: the service is an alias of another's block (the loader gives it no definition of its own).
  if (!defs.length) return { ...plan, findings: [{ level: 'warn', code: 'field-shared', service: service.key, message: `${service.name}: its block is an alias of another service's, so ${path.join('.')} cannot be removed from it alone; not removed (policy ${source})` }] };
  for (const def of defs) {
    const found = lookupPath(def.file.doc, def.node, path);
    if (!found) continue;
    const src = def.file.source;
    const line = lineAt(src, (found.pair.key as Node).range![0]);
    if (found.anchors.length || def.via === 'extends') {
      const from = found.anchors.length ? `anchor &${found.anchors.at(-1)}` : `extends base ${def.name}`;
      sharedFrom ??= { file: src.rel, line, from };
      plan.findings.push({ level: 'warn', code: 'field-shared', service: service.key, file: src.rel, line, message: `${service.name}: ${path.join('.')} comes from ${from}, which other services may share; not removed (policy ${source})` });
      continue;
    }
    const parent = path.length === 1 ? def.node : (lookupPath(def.file.doc, def.node, path.slice(0, -1))?.value as YAMLMap | null);
    if (!isMap(parent)) continue;
    const below = mergedFrom(def.file.doc, parent, key);
    if (below) {
      hidden = { file: src.rel, line, from: `anchor &${below}` };
      continue;
    }
    const pair = found.pair as Pair;
    plan.edits.push(parent.flow ? removeFlowPair(def.file, parent, pair) : removeBlockPair(def.file, pair, key));
    // The last key of a block mapping: `key:` alone would read as null, which compose refuses for a service or a
    // mapping-valued field (`logging.options`); the mapping stays, written empty (`options: {}`).
    if (!parent.flow && parent.items.length === 1) {
      const at = emptyMarkAt(def.file, parentKey(def, path));
      if (at === undefined) {
        plan.findings.push({ level: 'warn', code: 'field-shape', service: service.key, file: src.rel, line, message: `${service.name}: ${path.join('.')} is the last key of its mapping, whose key line cannot take \`{}\`; not removed (policy ${source})` });
        plan.edits.pop();
        continue;
      }
      plan.edits.push(insertAt(src.path, at, ' {}'));
    }
    const [s, e] = [(pair.key as Node).range![0], ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1]];
    const before = src.text.slice(s, e).split(/\r?\n/)[0]!;
    plan.changes.push({
      service: service.key, file: src.rel, line, what: `remove ${path.join('.')}`, value: { kind: 'compose-field', path: path.join('.'), removed: true },
      before, after: '(removed)', reason: `policy ${source}`,
      expect: [{ kind: 'yaml', file: src.path, path: ['services', def.name, ...path], value: undefined }],
    });
  }
  // Taking the service's own key out would reveal a shared value under it (a merge key, an anchor or an extends
  // base that sets the key too): the service would still have the key, so nothing is removed.
  const from = hidden ?? (plan.edits.length ? sharedFrom : undefined);
  if (from) {
    return { edits: [], changes: [], findings: [{ level: 'warn', code: 'field-shared', service: service.key, file: from.file, line: from.line, message: `${service.name}: ${path.join('.')} is also set by ${from.from}, which the service's own value overrides; removing its own would reveal that one, so nothing is removed (policy ${source})` }] };
  }
  return plan;
}

/** The anchor of a merge source of the mapping that sets the key too (what the key would read without the own pair). */
function mergedFrom(doc: Document, map: YAMLMap, key: string): string | undefined {
  for (const p of map.items) {
    if (!isMergePair(p)) continue;
    for (const s of isSeq(p.value) ? p.value.items : [p.value]) {
      const r = resolve(doc, s);
      if (isMap(r.node) && lookup(doc, r.node, key)) return r.anchor ?? 'merge';
    }
  }
  return undefined;
}

/** The pair's whole lines, and the comment lines right above it when they name the key. */
function removeBlockPair(file: YamlFile, pair: Pair, key: string): Edit {
  const edit = removePair(file, pair);
  const text = file.source.text;
  let start = edit.range[0];
  for (;;) {
    const prevEnd = start - 1;
    if (prevEnd < 0) break;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    if (!/^\s*#/.test(line) || !line.includes(key)) break;
    start = prevStart;
  }
  return { ...edit, range: [start, edit.range[1]] };
}

/** `{a: 1, links: [x], b: 2}` → `{a: 1, b: 2}`: the entry with the separator before it (after it when first). */
function removeFlowPair(file: YamlFile, map: YAMLMap, pair: Pair): Edit {
  const i = map.items.indexOf(pair as never);
  const end = ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1];
  const startKey = (pair.key as Node).range![0];
  if (i > 0) {
    const prev = map.items[i - 1]!;
    const prevEnd = ((prev.value as Node | null)?.range ?? (prev.key as Node).range!)[1];
    return removeRange(file.source.path, prevEnd, end);
  }
  const next = map.items[1];
  return removeRange(file.source.path, startKey, next ? (next.key as Node).range![0] : end);
}

/** The key node of the mapping a path's last key sits in: the service's own name for a top-level key. */
function parentKey(def: ServiceDef, path: readonly string[]): Node | undefined {
  if (path.length > 1) return lookupPath(def.file.doc, def.node, path.slice(0, -1))?.pair.key as Node | undefined;
  const services = def.file.doc.get('services', true);
  if (!isMap(services)) return undefined;
  return services.items.find((p) => p.value === def.node && isScalar(p.key))?.key as Node | undefined;
}

/** Where ` {}` goes on a key's line: after the colon and any anchor or tag, before a comment; undefined when the line holds more. */
function emptyMarkAt(file: YamlFile, key: Node | undefined): number | undefined {
  const text = file.source.text;
  if (!key?.range) return undefined;
  const lineEnd = text.indexOf('\n', key.range[1]);
  const rest = text.slice(key.range[1], lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const m = /^(\s*:(?:\s+[&!][^\s#]*)*)(\s*(#.*)?)$/.exec(rest);
  return m ? key.range[1] + m[1]!.length : undefined;
}
