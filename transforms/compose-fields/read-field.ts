import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ServiceDef } from '../../src/compose/model.js';
import { MAX_ALIAS_COUNT } from '../../src/compose/parse.js';
import { lookupPath, type Found } from '../../src/compose/yaml-nav.js';
import { lineAt } from '../../src/core/source.js';
import type { Service } from '../../src/project/model.js';

/** A service's value at a key path, of any shape, as compose reads it, and where it is written. */
export interface Field {
  /** The definition that holds it (the last one that sets it: overrides and extends as compose merges them). */
  def: ServiceDef;
  found: Found;
  /** The value node (an alias resolved to its anchored node). */
  node: Node;
  /** The value as plain data (aliases and merge keys resolved). */
  value: unknown;
  /** Path relative to the root, and 1-based line. */
  file: string;
  line: number;
  /** Why the value is not the service's own (`anchor &x`, `extends base (file)`); undefined when it is. */
  shared?: string;
}

const defsOf = (service: Service): ServiceDef[] => service.project.services.get(service.name)?.defs ?? [];

/** The value at a key path in the last definition of the service that sets it; undefined when none does. */
export function readField(service: Service, path: readonly string[]): Field | undefined {
  const defs = defsOf(service);
  for (let i = defs.length - 1; i >= 0; i--) {
    const def = defs[i]!;
    const found = lookupPath(def.file.doc, def.node, path);
    if (!found || found.value === null) continue;
    const node = found.value;
    const src = def.file.source;
    const shared = found.anchors.length ? `anchor &${found.anchors.at(-1)}` : def.via === 'extends' ? `extends ${def.name} (${src.rel})` : undefined;
    const value: unknown = node.toJS(def.file.doc, { maxAliasCount: MAX_ALIAS_COUNT });
    return { def, found, node, value, file: src.rel, line: lineAt(src, (node.range ?? found.pair.key.range!)[0]), shared };
  }
  return undefined;
}

/** `a list`, `a mapping` or `a single value`: what a node is, for messages. */
export function shapeOf(node: Node): string {
  return isSeq(node) ? 'a list' : isMap(node) ? 'a mapping' : 'a single value';
}

/**
 * The first key above the path that some definition of the service gives a value that is not a mapping
 * (`environment` as a list, under `environment.LOG_LEVEL`): nothing can be set below it. An empty value is
 * not in the way (the mapping is written under it).
 */
export function blockedAt(service: Service, path: readonly string[]): { path: string[]; field: Field } | undefined {
  for (let n = 1; n < path.length; n++) {
    const prefix = path.slice(0, n);
    for (const def of defsOf(service)) {
      const found = lookupPath(def.file.doc, def.node, prefix);
      if (!found || found.value === null || isMap(found.value) || (isScalar(found.value) && found.value.value === null)) continue;
      const src = def.file.source;
      const field: Field = { def, found, node: found.value, value: undefined, file: src.rel, line: lineAt(src, found.value.range![0]) };
      return { path: prefix, field };
    }
  }
  return undefined;
}
