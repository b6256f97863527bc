import { lineAt } from '../../src/core/source.js';
import { memorySettings, type MemorySetting } from '../../src/compose/memory-setting.js';
import { formatMemoryLike } from '../../src/compose/memory.js';
import { serviceResourceForm } from '../../src/compose/resource-form.js';
import { lineCommentAfter, setLineComment } from '../../src/compose/edit.js';
import type { ServiceDef } from '../../src/compose/model.js';
import { editInPlace, writeOwn, type OwnValue } from '../../src/compose/write-setting.js';
import { sharedOwnNode } from '../../src/compose/yaml-nav.js';
import type { Edit } from '../../src/core/edit.js';
import type { Change, ChangeValue, Expectation, Finding } from '../../src/core/finding.js';
import type { Service } from '../../src/project/model.js';
import { lineOf, type MemoryWrite } from './plan.js';
import { fileStyle, pathFor } from './style.js';

const T = 'memory-limits';

/** The definition a service's own overrides go into: its last non-extends definition. */
function ownDef(service: Service): ServiceDef {
  const defs = service.project.services.get(service.name)!.defs;
  return [...defs].reverse().find((d) => d.via !== 'extends') ?? defs.at(-1)!;
}

function nodeKey(s: MemorySetting): string {
  return `${s.def.file.source.path}:${s.node.range![0]}`;
}

/**
 * The new text of a setting's value, in its own unit style (a "no limit" value such as `0` has none:
 * the file's style is used); and the whole value read back after. `deploy…memory` must be a string
 * to compose, so a plain byte count there is written with the file's unit instead.
 */
function newValue(setting: MemorySetting, bytes: number, service: Service): { text: string; readBack: string | number } {
  const fileLike = fileStyle(service.project, setting.def.file).like;
  if (setting.unlimited) {
    const text = formatMemoryLike(bytes, fileLike);
    return { text, readBack: text };
  }
  const like = setting.variable?.default ?? setting.raw;
  const deploy = setting.path.length > 1;
  const number = typeof setting.node.value === 'number';
  const text = number && !deploy ? String(bytes) : formatMemoryLike(bytes, like);
  if (number && !deploy) return { text, readBack: bytes };
  // A plain byte count under `deploy` reads as a number, which compose refuses there: quote it.
  if (deploy && /^\d+$/.test(text) && !setting.variable && setting.node.type === 'PLAIN') return { text: JSON.stringify(text), readBack: text };
  if (setting.variable?.defaultRange) {
    const r = setting.variable.defaultRange;
    return { text, readBack: setting.raw.slice(0, r[0]) + text + setting.raw.slice(r[1]) };
  }
  return { text, readBack: text };
}

/**
 * Turn planned values into edits. A value shared through an anchor is edited once when every user
 * gets the same new value; otherwise each changed service gets its own override and the anchor stays.
 */
export function memoryEdits(writes: readonly MemoryWrite[], findings: Finding[]): { edits: Edit[]; changes: Change[] } {
  const edits: Edit[] = [];
  const changes: Change[] = [];
  const groups = new Map<string, MemoryWrite[]>();
  for (const w of writes) {
    if (w.setting?.shared) {
      const k = nodeKey(w.setting);
      groups.set(k, [...(groups.get(k) ?? []), w]);
    }
  }
  const inPlace = new Set<MemoryWrite>();
  const overrides = new Map<Service, { def: ServiceDef; values: OwnValue[] }>();
  for (const group of groups.values()) {
    const s = group[0]!.setting!;
    const users = usersOf(group[0]!.service, s);
    const same = group.every((w) => w.after === group[0]!.after);
    const covered = users.every((u) => group.some((w) => w.service.name === u.service));
    if (same && covered) {
      for (const w of group) inPlace.add(w);
      const { text } = newValue(s, group[0]!.after, group[0]!.service);
      edits.push(...editInPlace(s, text));
      const comment = group[0]!.comment;
      if (comment && lineCommentAfter(s.def.file, s.node) !== comment) edits.push(setLineComment(s.def.file, s.node, comment));
    }
  }
  for (const w of writes) {
    const label = w.kind === 'limit' ? 'memory limit' : 'memory reservation';
    const s = w.setting;
    if (s && (!s.shared || inPlace.has(w))) {
      if (!inPlace.has(w)) {
        const { text } = newValue(s, w.after, w.service);
        edits.push(...editInPlace(s, text));
        if (w.comment && lineCommentAfter(s.def.file, s.node) !== w.comment) edits.push(setLineComment(s.def.file, s.node, w.comment));
      }
      if (s.variable) {
        // Planning edits a default only when the variable is set nowhere compose would read it.
        findings.push({
          transform: T, level: 'warn', code: 'var-override', service: w.service.key, file: s.def.file.source.rel, line: lineOf(s),
          message: `${w.service.name}: changed the default of \${${s.variable.name}}; ${s.variable.name} is not set in .env, an --env-file or the environment, but setting it there would override the new default`,
        });
      }
      const { readBack } = newValue(s, w.after, w.service);
      const users = s.shared ? usersOf(w.service, s).filter((u) => u.service === w.service.name) : [{ service: w.service.name, setting: s }];
      const expect: Expectation[] = users.map((u) => ({ kind: 'yaml', file: u.setting.def.file.source.path, path: ['services', u.setting.def.name, ...u.setting.path], value: readBack }));
      for (const other of w.also) {
        const v = newValue(other, w.after, w.service);
        edits.push(...editInPlace(other, v.text));
        // Declared like the main value: verify reads it back, and its structural check accepts only declared values.
        expect.push({ kind: 'yaml', file: other.def.file.source.path, path: ['services', other.def.name, ...other.path], value: v.readBack });
      }
      changes.push({
        transform: T, service: w.service.key, file: s.def.file.source.rel, line: lineOf(s), what: label, value: valueOf(w),
        before: s.raw, after: String(readBack), reason: w.reason + (s.shared ? `; edited ${s.shared}, shared by ${usersOf(w.service, s).map((u) => u.service).join(', ')}` : ''),
        expect,
      });
      continue;
    }
    // Missing, or shared with services that keep their value: write the service's own value.
    const def = ownDef(w.service);
    const style = fileStyle(w.service.project, def.file);
    // A new key follows the service's other memory key, else the service's own resource keys (compose refuses
    // `cpus:` beside a new deploy.resources.limits block), else the file's own form (`mem_limit` files stay so).
    const sibling = w.kind === 'reservation' ? w.limitSetting : undefined;
    const own = serviceResourceForm(w.service.project.services.get(w.service.name)?.value ?? {}, w.kind === 'limit' ? 'limits' : 'reservations');
    const form = [...(s?.path ?? (sibling ? pathFor(w.kind, sibling.path.length === 1 ? 'mem' : 'deploy') : pathFor(w.kind, own ? (own === 'service' ? 'mem' : 'deploy') : style.form)))];
    // The service's own block is itself an anchor others use (`a: &base`, `mem_limit: &m 128m`): writing there
    // would change them too, and they keep their value. Never written; said why.
    const anchor = sharedOwnNode(def.file.doc, def.node, form);
    if (anchor) {
      const others = s ? usersOf(w.service, s).filter((u) => u.service !== w.service.name).map((u) => u.service) : [];
      findings.push({
        transform: T, level: 'warn', code: 'anchor-shared', service: w.service.key, file: def.file.source.rel, line: lineAt(def.file.source, def.node.range![0]),
        message: `${w.service.name}: its ${label} would be written inside anchor &${anchor}, which ${others.length ? others.join(', ') : 'another service'} also uses and keeps: not changed (${label} ${s ? s.raw : 'none'} → ${formatMemoryLike(w.after, s?.raw && /[a-z]/i.test(s.raw) ? s.raw : style.like)} wanted; give the service its own block, or change every user)`,
      });
      continue;
    }
    const written = s && !s.unlimited ? (s.variable?.default ?? s.raw) : sibling && !sibling.unlimited ? (sibling.variable?.default ?? sibling.raw) : undefined;
    const like = written && /[a-z]/i.test(written) ? written : style.like;
    const text = formatMemoryLike(w.after, like);
    const entry = overrides.get(w.service) ?? { def, values: [] };
    entry.values.push({ path: form, text: w.comment ? `${text}  # ${w.comment}` : text, value: text });
    overrides.set(w.service, entry);
    changes.push({
      transform: T, service: w.service.key, file: def.file.source.rel, line: lineAt(def.file.source, def.node.range![0]),
      what: label, value: valueOf(w), before: s ? s.raw : 'none', after: text,
      reason: w.reason + (s?.shared ? `; overrides ${s.shared} in the service (other users keep their value)` : ''),
      expect: [{ kind: 'yaml', file: def.file.source.path, path: ['services', def.name, ...form], value: text }],
    });
  }
  for (const { def, values } of overrides.values()) edits.push(...writeOwn(def, values));
  return { edits, changes };
}

/** The change as data: the new size in bytes, whatever form it is written in. */
const valueOf = (w: MemoryWrite): ChangeValue => ({ kind: w.kind === 'limit' ? 'memory-limit' : 'memory-reservation', bytes: w.after });

type Users = { service: string; setting: MemorySetting }[];
const usersIndex = new WeakMap<object, Map<string, Map<object, Users>>>();

/** Services of the same compose project whose value is the same node (indexed once per project and kind). */
function usersOf(service: Service, s: MemorySetting): Users {
  let byKind = usersIndex.get(service.project);
  if (!byKind) usersIndex.set(service.project, (byKind = new Map()));
  let byNode = byKind.get(s.kind);
  if (!byNode) {
    byNode = new Map();
    for (const other of service.project.services.values()) {
      for (const o of memorySettings(other, s.kind)) {
        byNode.set(o.node, [...(byNode.get(o.node) ?? []), { service: other.name, setting: o }]);
      }
    }
    byKind.set(s.kind, byNode);
  }
  return byNode.get(s.node) ?? [];
}

