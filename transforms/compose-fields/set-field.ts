import { Scalar } from 'yaml';
import { replaceScalar } from '../../src/compose/edit.js';
import { ownDef, readSetting, type ServiceSetting } from '../../src/project/service-setting.js';
import type { OwnValue } from '../../src/compose/write-setting.js';
import type { Edit } from '../../src/core/edit.js';
import type { Expectation } from '../../src/core/finding.js';
import type { Service } from '../../src/project/model.js';
import type { ChangeInput, FindingInput } from '../../src/transform/types.js';
import { plainText, valueText } from './style.js';

/** One wanted value for one service, with the policy that asks for it. */
export interface Want {
  service: Service;
  path: string[];
  value: string | number | boolean;
  source: string;
}

/** What setting a batch of wanted values plans: shared edits, per-service own values, changes, findings. */
export interface SetPlan {
  edits: Edit[];
  own: Map<Service, OwnValue[]>;
  changes: ChangeInput[];
  findings: FindingInput[];
}

const same = (a: unknown, b: unknown): boolean => String(a) === String(b);
const dotted = (p: readonly string[]): string => p.join('.');

/** The services of the project whose value at the path is this very node (an anchor or extends base shares it). */
function usersOf(service: Service, setting: ServiceSetting): Service[] {
  const out: Service[] = [];
  for (const name of service.project.services.keys()) {
    const other = { ...service, name } as Service;
    try {
      if (readSetting(other, setting.path)?.node === setting.node) out.push(other);
    } catch {
      // a mapping there: not a user of this scalar
    }
  }
  return out;
}

/**
 * Plan the wanted scalar values. Already equal: nothing. The service's own value: replaced in place (its quoting
 * kept). A value from an anchor or extends base: edited where it is defined when every service sharing it
 * wants the same value, else overridden in the service's own block. Missing: inserted in the own block.
 */
export function planSets(wants: readonly Want[]): SetPlan {
  const plan: SetPlan = { edits: [], own: new Map(), changes: [], findings: [] };
  const wanted = (s: Service, path: readonly string[]): Want | undefined => wants.find((w) => w.service.project === s.project && w.service.name === s.name && dotted(w.path) === dotted(path));
  const editedNodes = new Set<Scalar>();
  for (const w of wants) {
    const { service, path, value } = w;
    const reason = `policy ${w.source}`;
    let cur: ServiceSetting | undefined;
    try {
      cur = readSetting(service, path);
    } catch {
      plan.findings.push({ level: 'warn', code: 'field-not-scalar', service: service.key, message: `${service.name}: ${dotted(path)} is a mapping or list; compose-fields sets single values only (policy ${w.source})` });
      continue;
    }
    if (cur && same(cur.value, value)) continue;
    if (cur && /\$\{?[A-Za-z_]/.test(cur.raw)) {
      plan.findings.push({ level: 'info', code: 'field-variable', service: service.key, file: cur.file, line: cur.line, message: `${service.name}: ${dotted(path)} is ${cur.raw} (an interpolation); not changed` });
      continue;
    }
    const value_ = { kind: 'compose-field' as const, path: dotted(path), value };
    if (cur && (!cur.shared || usersOf(service, cur).every((u) => same(wanted(u, path)?.value, value)))) {
      // Own value, or a shared one every user wants changed the same way: edit where it is written.
      const file = cur.def.file;
      const quoted = cur.node.type === Scalar.QUOTE_DOUBLE || cur.node.type === Scalar.QUOTE_SINGLE;
      if (!editedNodes.has(cur.node)) plan.edits.push(replaceScalar(file, cur.node, quoted ? String(value) : plainText(value)));
      editedNodes.add(cur.node);
      const expect: Expectation[] = [{ kind: 'yaml', file: file.source.path, path: ['services', cur.def.name, ...path], value }];
      plan.changes.push({ service: service.key, file: cur.file, line: cur.line, what: dotted(path), value: value_, before: cur.raw, after: String(value), reason: reason + (cur.shared ? `; edited ${cur.shared}, every service sharing it gets this value` : ''), expect });
      continue;
    }
    const def = ownDef(service);
    const text = valueText(def.file, value);
    plan.own.set(service, [...(plan.own.get(service) ?? []), { path, text, value }]);
    const expect: Expectation[] = [{ kind: 'yaml', file: def.file.source.path, path: ['services', def.name, ...path], value }];
    const line = def.file.source.text.slice(0, def.node.range![0]).split('\n').length;
    plan.changes.push({ service: service.key, file: def.file.source.rel, line, what: dotted(path), value: value_, before: cur ? cur.raw : 'none', after: text, reason: reason + (cur?.shared ? `; overrides ${cur.shared} in the service (other services keep their value)` : ''), expect });
  }
  return plan;
}
