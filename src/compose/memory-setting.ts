import { isScalar, type Node, type Scalar } from 'yaml';
import { InputError } from '../core/errors.js';
import { hasInterpolation, parseInterpolation, type Interpolation } from './interpolation.js';
import { parseMemory } from './memory.js';
import type { ComposeService, ServiceDef } from './model.js';
import { cutOff, lookupPath, type Found } from './yaml-nav.js';

export type MemoryKind = 'limit' | 'reservation';

/** Where compose reads each memory setting from, preferred form first. */
export const MEMORY_PATHS: Record<MemoryKind, readonly (readonly string[])[]> = {
  limit: [['deploy', 'resources', 'limits', 'memory'], ['mem_limit']],
  reservation: [['deploy', 'resources', 'reservations', 'memory'], ['mem_reservation']],
};

/** A memory value of a service as written: the scalar that holds it and how it is reached. */
export interface MemorySetting {
  service: string;
  kind: MemoryKind;
  def: ServiceDef;
  path: readonly string[];
  found: Found;
  /** The scalar holding the text (an alias resolved to its anchor's scalar). */
  node: Scalar;
  /** The value as written (unquoted). */
  raw: string;
  /** Bytes, when the value is a size (or a variable with a default that is one). */
  bytes?: number;
  variable?: Interpolation;
  /** `0`, `-1` or null: Docker reads these as "no limit"; never scaled. */
  unlimited?: boolean;
  /** Tagged `!reset` (compose drops it: no limit): never edited, an edit there would be dropped too. */
  reset?: boolean;
  /** Why this value is not the service's own: `anchor &x`, `extends svc (file)`; undefined when own. */
  shared?: string;
}

/** True for the values Docker reads as "no limit": 0 in any unit, the integer -1, null. */
export function meansNoLimit(value: unknown): boolean {
  if (value === null || value === -1) return true;
  return (typeof value === 'string' || typeof value === 'number') && parseMemory(value) === 0;
}

/** Memory settings of a service (each form present), effective definition first. */
export function memorySettings(service: ComposeService, kind: MemoryKind): MemorySetting[] {
  const out: MemorySetting[] = [];
  for (const path of MEMORY_PATHS[kind]) {
    for (let i = service.defs.length - 1; i >= 0; i--) {
      const def = service.defs[i]!;
      const found = lookupPath(def.file.doc, def.node, path);
      if (!found || found.value === null) {
        // `deploy: !override {…}` without this key, or `resources: !reset`: earlier files no longer set it.
        if (cutOff(def.node, path)) break;
        continue;
      }
      out.push(describe(service, kind, def, path, found));
      break;
    }
  }
  return out;
}

function describe(
  service: ComposeService,
  kind: MemoryKind,
  def: ServiceDef,
  path: readonly string[],
  found: Found,
): MemorySetting {
  const node = found.value as Node;
  const file = def.file.source;
  if (!isScalar(node)) {
    throw InputError.at(file.rel, file.text, node.range?.[0] ?? 0, `${path.join('.')} must be a size`);
  }
  const raw = node.value === null ? '' : String(node.value);
  const setting: MemorySetting = { service: service.name, kind, def, path, found, node, raw };
  if (found.anchors.length) setting.shared = `anchor &${found.anchors.at(-1)}`;
  else if (def.via === 'extends') setting.shared = `extends ${def.name} (${file.rel})`;
  if (node.tag === '!reset' || meansNoLimit(node.value)) {
    setting.unlimited = true;
    // compose drops a `!reset` value whatever it says: nothing written there would count.
    if (node.tag === '!reset') setting.reset = true;
    return setting;
  }
  if (hasInterpolation(raw)) {
    const variable = parseInterpolation(raw);
    if (!variable) return setting; // a composite like `${A}${B}`: reported by the caller, never edited
    setting.variable = variable;
    if (variable.default !== undefined) setting.bytes = checked(variable.default, node, file.rel, file.text);
    return setting;
  }
  setting.bytes = checked(typeof node.value === 'number' ? node.value : raw, node, file.rel, file.text);
  return setting;
}

function checked(value: string | number, node: Scalar, rel: string, text: string): number {
  const bytes = parseMemory(value);
  if (bytes === undefined) throw InputError.at(rel, text, node.range![0], `unknown memory size "${value}" (use b, k, m or g, e.g. 128M)`);
  return bytes;
}
