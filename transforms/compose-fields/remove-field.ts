import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { removePair } from '../../src/compose/edit.js';
import type { YamlFile } from '../../src/compose/parse.js';
import { lookupPath } from '../../src/compose/yaml-nav.js';
import { removeRange, type Edit } from '../../src/core/edit.js';
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
 * extends base is shared: reported, never removed.
 */
export function planRemove(service: Service, path: readonly string[], source: string): RemovePlan {
  const plan: RemovePlan = { edits: [], changes: [], findings: [] };
  const key = path.at(-1)!;
  for (const def of service.project.services.get(service.name)?.defs ?? []) {
    const found = lookupPath(def.file.doc, def.node, path);
    if (!found) continue;
    const src = def.file.source;
    const line = lineAt(src, (found.pair.key as Node).range![0]);
    if (found.anchors.length || def.via === 'extends') {
      const from = found.anchors.length ? `anchor &${found.anchors.at(-1)}` : `extends base ${def.name}`;
      plan.findings.push({ level: 'warn', code: 'field-shared', service: service.key, file: src.rel, line, message: `${service.name}: ${path.join('.')} comes from ${from}, which other services may share; not removed (policy ${source})` });
      continue;
    }
    const parent = path.length === 1 ? def.node : (lookupPath(def.file.doc, def.node, path.slice(0, -1))?.value as YAMLMap | null);
    if (!isMap(parent)) continue;
    const pair = found.pair as Pair;
    plan.edits.push(parent.flow ? removeFlowPair(def.file, parent, pair) : removeBlockPair(def.file, pair, key));
    const [s, e] = [(pair.key as Node).range![0], ((pair.value as Node | null)?.range ?? (pair.key as Node).range!)[1]];
    const before = src.text.slice(s, e).split(/\r?\n/)[0]!;
    plan.changes.push({
      service: service.key, file: src.rel, line, what: `remove ${path.join('.')}`, value: { kind: 'compose-field', path: path.join('.'), removed: true },
      before, after: '(removed)', reason: `policy ${source}`,
      expect: [{ kind: 'yaml', file: src.path, path: ['services', def.name, ...path], value: undefined }],
    });
  }
  return plan;
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
