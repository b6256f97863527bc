import { isScalar, isSeq, Scalar, type Node, type YAMLSeq } from 'yaml';
import type { ServiceDef } from '../../src/compose/model.js';
import { sharedOwnNode, usedAnchor } from '../../src/compose/yaml-nav.js';
import { replaceScalar } from '../../src/compose/edit.js';
import type { OwnValue } from '../../src/compose/write-setting.js';
import { replaceRange, type Edit } from '../../src/core/edit.js';
import type { Expectation } from '../../src/core/finding.js';
import { ownDef } from '../../src/project/service-setting.js';
import type { Service } from '../../src/project/model.js';
import type { ChangeInput, FindingInput } from '../../src/transform/types.js';
import { fillEmptyField, replaceList } from './list-edit.js';
import { blockedAt, readField, shapeOf, type Field } from './read-field.js';
import { blockLines, flowText, writtenAsBlock } from './render-value.js';
import { plainText, singleQuotable, valueText } from './style.js';
import { sameValue, type Leaf } from './values.js';

/** One wanted value (a scalar or a whole list) at one key path of one service, with the policy that asks for it. */
export interface Want {
  service: Service;
  path: string[];
  value: Leaf;
  source: string;
}

/** What setting a batch of wanted values plans: shared edits, per-service own values, changes, findings. */
export interface SetPlan {
  edits: Edit[];
  own: Map<Service, OwnValue[]>;
  changes: ChangeInput[];
  findings: FindingInput[];
}

const dotted = (p: readonly string[]): string => p.join('.');
const isEmpty = (node: Node): boolean => isScalar(node) && node.value === null;
const VARIABLE = /\$\{?[A-Za-z_]/;

/** Any `${VAR}` in a value's scalars: compose interpolates it, so what the engine sees is not the text. */
function interpolated(value: unknown): boolean {
  if (typeof value === 'string') return VARIABLE.test(value);
  if (Array.isArray(value)) return value.some(interpolated);
  if (value && typeof value === 'object') return Object.values(value).some(interpolated);
  return false;
}

/** The services of the project whose value at the path is this very node (an anchor or extends base shares it). */
function usersOf(service: Service, field: Field, path: readonly string[]): Service[] {
  return [...service.project.services.keys()].map((name) => ({ ...service, name }) as Service).filter((other) => readField(other, path)?.node === field.node);
}

/** A value for people: scalars as text, lists and mappings as one flow line. */
function shown(field: Field): string {
  if (isScalar(field.node)) return field.node.value === null ? 'none' : String(field.node.value);
  return flowText(field.def.file, field.value as Leaf);
}

/** Why a value cannot go where the service has this node, or undefined when it can. */
function shapeProblem(node: Node, value: Leaf): string | undefined {
  if (isEmpty(node)) return undefined;
  if (Array.isArray(value)) return isSeq(node) ? undefined : `is ${shapeOf(node)}; a list cannot replace it`;
  return isScalar(node) ? undefined : `is ${shapeOf(node)}; a single value cannot replace it`;
}

/**
 * Plan the wanted values. Already equal: nothing. The service's own value: replaced in place (a scalar's
 * quoting kept; a list whole, in its own flow or block style and indentation). A value from an anchor or
 * extends base: edited where it is defined when every service sharing it wants the same value, else overridden
 * in the service's own block. Missing: inserted in the own block. A value of another shape, or a path under a
 * key that is not a mapping, is reported, never rewritten.
 */
export function planSets(wants: readonly Want[]): SetPlan {
  const plan: SetPlan = { edits: [], own: new Map(), changes: [], findings: [] };
  const wanted = (s: Service, path: readonly string[]): Want | undefined => wants.find((w) => w.service.project === s.project && w.service.name === s.name && dotted(w.path) === dotted(path));
  const todo: { w: Want; cur: Field | undefined; own: boolean }[] = [];
  for (const w of wants) {
    const { service, path, value } = w;
    const blocked = blockedAt(service, path);
    if (blocked) {
      plan.findings.push({ level: 'warn', code: 'field-shape', service: service.key, file: blocked.field.file, line: blocked.field.line, message: `${service.name}: ${dotted(blocked.path)} is ${shapeOf(blocked.field.node)}, so ${dotted(path)} cannot be set under it; not changed (policy ${w.source})` });
      continue;
    }
    const cur = readField(service, path);
    const problem = cur && shapeProblem(cur.node, value);
    if (cur && problem) {
      plan.findings.push({ level: 'warn', code: 'field-shape', service: service.key, file: cur.file, line: cur.line, message: `${service.name}: ${dotted(path)} ${problem}; not changed (policy ${w.source})` });
      continue;
    }
    if (cur && cur.node.tag === '!reset') {
      // compose drops a `!reset` key whatever it holds: a value written there would never apply.
      plan.findings.push({ level: 'warn', code: 'field-shape', service: service.key, file: cur.file, line: cur.line, message: `${service.name}: ${dotted(path)} is tagged !reset in ${cur.file} (docker compose drops it); not changed (policy ${w.source}): remove the tag to set a value` });
      continue;
    }
    if (cur && sameValue(cur.value, value)) continue;
    if (cur && interpolated(cur.value)) {
      plan.findings.push({ level: 'info', code: 'field-variable', service: service.key, file: cur.file, line: cur.line, message: `${service.name}: ${dotted(path)} is ${shown(cur)} (an interpolation); not changed` });
      continue;
    }
    // Own value, or a shared one every user wants changed the same way: edited where it is written.
    const where = !cur || (cur.shared && !usersOf(service, cur, path).every((u) => sameValue(wanted(u, path)?.value, value)));
    // The service's own block is itself shared (`b: *a`, or `a: &a` merged or aliased elsewhere), or the value it
    // would override is the anchor's own definition (`restart: &r "no"` that `*r` reads elsewhere): writing there
    // changes the other services too, and there is no block of its own to override in.
    const block = where ? sharedBlock(service, path) : undefined;
    if (block) {
      plan.findings.push({ level: 'warn', code: 'field-shared', service: service.key, file: cur?.file ?? (ownDef(service) as ServiceDef | undefined)?.file.source.rel, line: cur?.line, message: `${service.name}: ${dotted(path)} would be written in ${block}, which other services share; not changed (policy ${w.source})` });
      continue;
    }
    todo.push({ w, cur, own: Boolean(where) });
  }
  // A service that overrides a shared value under a key gets a copy of what it shares there (YAML merges are
  // shallow): its other values under that key must go into the copy too, not only into the anchor.
  for (const t of todo) {
    if (!t.own && t.cur?.shared && todo.some((o) => o.own && o.w.service === t.w.service && o.w.path[0] === t.w.path[0])) t.own = true;
  }
  const editedNodes = new Set<Node>();
  for (const { w, cur, own } of todo) {
    const { service, path, value } = w;
    const reason = `policy ${w.source}`;
    const value_ = { kind: 'compose-field' as const, path: dotted(path), value };
    if (cur && !own) {
      const file = cur.def.file;
      if (!editedNodes.has(cur.node)) plan.edits.push(inPlace(cur, value));
      editedNodes.add(cur.node);
      const after = Array.isArray(value) ? flowText(file, value) : String(value);
      const expect: Expectation[] = [{ kind: 'yaml', file: file.source.path, path: ['services', cur.def.name, ...path], value }];
      plan.changes.push({ service: service.key, file: cur.file, line: cur.line, what: dotted(path), value: value_, before: shown(cur), after, reason: reason + (cur.shared ? `; edited ${cur.shared}, every service sharing it gets this value` : ''), expect });
      continue;
    }
    const def = ownDef(service);
    const list = Array.isArray(value);
    const text = list ? flowText(def.file, value) : valueText(def.file, value);
    const lines = list && writtenAsBlock(def.file, value) ? blockLines(def.file, value) : undefined;
    plan.own.set(service, [...(plan.own.get(service) ?? []), { path, text, value, ...(lines ? { lines } : {}) }]);
    const expect: Expectation[] = [{ kind: 'yaml', file: def.file.source.path, path: ['services', def.name, ...path], value }];
    const line = def.file.source.text.slice(0, def.node.range![0]).split('\n').length;
    plan.changes.push({ service: service.key, file: def.file.source.rel, line, what: dotted(path), value: value_, before: cur ? shown(cur) : 'none', after: text, reason: reason + (cur?.shared ? `; overrides ${cur.shared} in the service (other services keep their value)` : ''), expect });
  }
  return plan;
}

/** The edit that writes a value where the field is written: a scalar keeps its quoting, a list is replaced whole. */
function inPlace(cur: Field, value: Leaf): Edit {
  const file = cur.def.file;
  if (isEmpty(cur.node)) return fillEmptyField(file, cur.found.pair, value);
  if (Array.isArray(value)) return replaceList(file, cur.found.pair, cur.node as YAMLSeq, value);
  const node = cur.node as Scalar;
  const [start, end] = node.range!;
  if (node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) {
    // A block scalar (`command: >` + lines) ends after its last line break: the new one-line value keeps it.
    const old = file.source.text.slice(start, end);
    const eol = /\r?\n$/.exec(old)?.[0] ?? '';
    // A comment on the header line (`command: >-  # why`) stays after the new value.
    const comment = /^[|>][-+0-9]*(\s+#[^\r\n]*)/.exec(old)?.[1] ?? '';
    return replaceRange(file.source.path, start, end, plainText(value) + comment + eol);
  }
  // Single quotes fold a line break into a space: such a value goes double-quoted.
  if (node.type === Scalar.QUOTE_SINGLE && typeof value === 'string' && !singleQuotable(value)) return replaceRange(file.source.path, start, end, JSON.stringify(value));
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return replaceScalar(file, node, quoted ? String(value) : plainText(value));
}

/** What makes the service's own place for a value shared (`its block (&a)`, `anchor &r`), or undefined when it is its own. */
function sharedBlock(service: Service, path: readonly string[]): string | undefined {
  const def = ownDef(service) as ServiceDef | undefined;
  // `b: *a`: the loader gives the alias no definition of its own.
  if (!def) return 'an alias of another service\'s block';
  const anchor = usedAnchor(def.file.doc, def.node);
  if (anchor) return `its block (&${anchor})`;
  const on = sharedOwnNode(def.file.doc, def.node, path);
  return on ? `anchor &${on}` : undefined;
}
