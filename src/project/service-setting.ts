import { isMap, isScalar, parse, Scalar, type Node } from 'yaml';
import type { Edit } from '../core/edit.js';
import { InputError } from '../core/errors.js';
import type { Expectation } from '../core/finding.js';
import { lineAt } from '../core/source.js';
import type { Service } from './model.js';
import { replaceScalar } from '../compose/edit.js';
import type { ServiceDef } from '../compose/model.js';
import { serviceResourceForm } from '../compose/resource-form.js';
import { writeOwn } from '../compose/write-setting.js';
import { lookupPath, type Found } from '../compose/yaml-nav.js';

/** A scalar setting of a service as compose reads it, and where it is written. */
export interface ServiceSetting {
  path: readonly string[];
  /** The definition that holds it (the last one that sets it: overrides and extends as compose merges them). */
  def: ServiceDef;
  found: Found;
  node: Scalar;
  /** The parsed value (`1.5`, `'0.5'`, `true`). */
  value: unknown;
  /** The value as written, unquoted. */
  raw: string;
  /** Path relative to the root, and 1-based line. */
  file: string;
  line: number;
  /** Why the value is not the service's own (`anchor &x`, `extends base (file)`); undefined when it is. */
  shared?: string;
}

function defsOf(service: Service): ServiceDef[] {
  return service.project.services.get(service.name)?.defs ?? [];
}

/** The definition a service's own values go into: its last definition that is not an extends base. */
export function ownDef(service: Service): ServiceDef {
  const defs = defsOf(service);
  return [...defs].reverse().find((d) => d.via !== 'extends') ?? defs.at(-1)!;
}

/**
 * A service's scalar at a key path (`['deploy', 'resources', 'limits', 'cpus']`) as compose reads it, or
 * undefined when no definition sets it. A mapping or list there is an InputError at its line.
 */
export function readSetting(service: Service, path: readonly string[]): ServiceSetting | undefined {
  const defs = defsOf(service);
  for (let i = defs.length - 1; i >= 0; i--) {
    const def = defs[i]!;
    const found = lookupPath(def.file.doc, def.node, path);
    if (!found || found.value === null) continue;
    const node = found.value as Node;
    const src = def.file.source;
    if (!isScalar(node)) throw InputError.at(src.rel, src.text, node.range?.[0] ?? 0, `${path.join('.')} must be a single value`);
    const shared = found.anchors.length ? `anchor &${found.anchors.at(-1)}` : def.via === 'extends' ? `extends ${def.name} (${src.rel})` : undefined;
    return { path, def, found, node, value: node.value, raw: node.value === null ? '' : String(node.value), file: src.rel, line: lineAt(src, node.range![0]), shared };
  }
  return undefined;
}

/** What setSetting plans: the edits, where the change is, and the value the verifier must read back. */
export interface SettingWrite {
  edits: Edit[];
  file: string;
  line: number;
  expect: Expectation[];
}

/** Text of a new plain value that YAML reads back as `value` (strings that would read as something else are quoted). */
function plainText(value: string | number | boolean): string {
  const text = String(value);
  return typeof value !== 'string' || parse(text) === value ? text : JSON.stringify(value);
}

/**
 * Set a service's scalar at a key path: replaced where it is written when it is the service's own (its
 * quoting kept), else written into the service's own block in the file's indentation and flow/block style
 * (a shared anchor or extends base keeps its value for the other services). Nothing is written here.
 */
export function setSetting(service: Service, path: readonly string[], value: string | number | boolean): SettingWrite {
  const current = readSetting(service, path);
  if (current && !current.shared) {
    const { def, node } = current;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    const text = quoted ? String(value) : plainText(value);
    return {
      edits: [replaceScalar(def.file, node, text)],
      file: current.file,
      line: current.line,
      expect: [{ kind: 'yaml', file: def.file.source.path, path: ['services', def.name, ...path], value: quoted ? String(value) : value }],
    };
  }
  const def = ownDef(service);
  const text = plainText(value);
  return {
    edits: writeOwn(def, [{ path, text, value }]),
    file: def.file.source.rel,
    line: lineAt(def.file.source, def.node.range![0]),
    expect: [{ kind: 'yaml', file: def.file.source.path, path: ['services', def.name, ...path], value }],
  };
}

const SERVICE_LEVEL = ['mem_limit', 'mem_reservation', 'memswap_limit', 'cpus', 'cpu_quota', 'cpu_shares', 'cpuset'];

/**
 * How a new resource key of a service is written: the service's own form when it writes resource keys (compose
 * refuses `mem_limit:` beside a `deploy.resources.limits` block without the same memory); else its file's style:
 * `service` (`mem_limit:`, `cpus:`) for `version: '2…'` files and files whose services use more service-level
 * keys than `deploy.resources`; else `deploy`.
 */
export function resourceStyle(service: Service): 'service' | 'deploy' {
  // The service's own resource keys decide first: a new key of the other form would make compose refuse it.
  const own = serviceResourceForm(service.project.services.get(service.name)?.value ?? {}, 'limits');
  if (own) return own;
  const file = ownDef(service).file;
  const version = isMap(file.doc.contents) ? file.doc.contents.get('version') : undefined;
  if (/^2(\.|$)/.test(String(version ?? ''))) return 'service';
  let level = 0;
  let deploy = 0;
  for (const s of service.project.services.values()) {
    for (const def of s.defs) {
      if (def.file !== file) continue;
      level += SERVICE_LEVEL.filter((k) => def.node.has(k)).length;
      if (lookupPath(file.doc, def.node, ['deploy', 'resources'])) deploy++;
    }
  }
  return level > deploy ? 'service' : 'deploy';
}

