import { ownDef } from '../../src/project/service-setting.js';
import { writeOwn } from '../../src/compose/write-setting.js';
import { defineTransform } from '../../src/transform/define.js';
import { keyPath, pathOf, whenHolds } from './match.js';
import { blockedAt, shapeOf } from './read-field.js';
import { OPTIONS, type FieldsOptions } from './options.js';
import { keyProblem, pathProblem } from './path-problem.js';
import { planRemove } from './remove-field.js';
import { closestKey, unknownKeyAt } from './service-keys.js';
import { planSets, type Want } from './set-field.js';
import { leavesOf, sameValue, valueProblem, type LeafWant, type Value } from './values.js';

const key = (path: readonly string[]): string => JSON.stringify(path);
/** Whether one path is the other or lies under it (`logging` and `logging.driver`). */
const overlaps = (a: readonly string[], b: readonly string[]): boolean => a.length <= b.length ? a.every((k, i) => b[i] === k) : overlaps(b, a);
const show = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * A declarative recipe: set and remove compose service fields by dotted path, for the services a policy selects.
 * Every policy applies (recipes add up); when two set one path of a service, the first one wins and a warning
 * says so.
 */
const composeFields = defineTransform<FieldsOptions>({
  meta: {
    name: 'compose-fields',
    description: 'Set or remove compose service fields by dotted path (a recipe written in the config)',
    reads: ['compose'],
    edits: ['compose'],
    options: OPTIONS,
    // Without a policy there is no recipe: nothing to do.
    defaultPolicies: [],
  },
  run(ctx) {
    const wants: Want[] = [];
    const removes: { service: (typeof ctx.services)[number]; path: string[]; source: string }[] = [];
    for (const policy of ctx.policies) {
      const o = policy.options;
      const leaves: LeafWant[] = [];
      for (const [k, value] of Object.entries(o.set ?? {})) {
        const problem = valueProblem(value, `set.${k}`);
        if (problem) ctx.report({ level: 'error', code: 'field-value', message: `compose-fields (policy ${policy.source}): ${problem}` });
        else {
          const more = leavesOf(pathOf(k), value as Value).map((l) => ({ ...l, path: keyPath(l.path) }));
          const bad = more.flatMap((l) => l.path.map((key) => [l, keyProblem(key)] as const)).find(([, p]) => p);
          if (bad) ctx.report({ level: 'error', code: 'field-value', message: `compose-fields (policy ${policy.source}): set.${k}: ${bad[1]!}` });
          else {
            for (const leaf of more) {
              // Written, compose would refuse the whole file (`Additional property restrat is not allowed`).
              const unknown = unknownKeyAt(leaf.path);
              if (!unknown) {
                leaves.push(leaf);
                continue;
              }
              const near = closestKey(unknown.at.at(-1)!, unknown.known);
              const where = unknown.at.length > 1 ? `under ${unknown.at.slice(0, -1).join('.')}` : 'in a service';
              ctx.report({ level: 'warn', code: 'field-unknown', message: `compose-fields (policy ${policy.source}): set.${k}: "${unknown.at.at(-1)!}" is not a key compose takes ${where}${near ? ` (did you mean ${near}?)` : ''}; ${leaf.path.join('.')} not set` });
            }
          }
        }
      }
      const badRemove = (o.remove ?? []).map((d) => [d, pathProblem(d)] as const).find(([, p]) => p);
      if (badRemove) {
        ctx.report({ level: 'error', code: 'field-value', message: `compose-fields (policy ${policy.source}): remove "${badRemove[0]}": ${badRemove[1]!}` });
        continue;
      }
      for (const service of policy.services) {
        if (service.project.dockerfilesOnly || !whenHolds(service, o)) continue;
        for (const { path, value } of leaves) {
          // A removal an earlier policy planned there wins, as an earlier set does (its edits and an insertion
          // under the removed key would make text that does not parse).
          const removed = removes.find((r) => r.service === service && overlaps(r.path, path));
          if (removed) {
            ctx.report({ level: 'warn', code: 'field-conflict', service: service.key, message: `${service.name}: ${removed.path.join('.')} is removed by policy ${removed.source} and ${path.join('.')} set to ${show(value)} by policy ${policy.source}; the first wins, nothing is set` });
            continue;
          }
          const earlier = wants.find((w) => w.service === service && overlaps(w.path, path));
          if (!earlier) wants.push({ service, path, value, source: policy.source });
          else if (key(earlier.path) !== key(path) || !sameValue(earlier.value, value)) {
            ctx.report({ level: 'warn', code: 'field-conflict', service: service.key, message: `${service.name}: ${earlier.path.join('.')} is set to ${show(earlier.value)} by policy ${earlier.source} and ${path.join('.')} to ${show(value)} by policy ${policy.source}; the first wins` });
          }
        }
        for (const dotted of o.remove ?? []) {
          const path = pathOf(dotted);
          const set = wants.find((w) => w.service === service && overlaps(w.path, path));
          if (set) {
            ctx.report({ level: 'warn', code: 'field-conflict', service: service.key, message: `${service.name}: ${dotted} is to be removed (policy ${policy.source}) and ${set.path.join('.')} set (policy ${set.source}); the set wins, nothing is removed` });
            continue;
          }
          if (!removes.some((r) => r.service === service && key(r.path) === key(path))) removes.push({ service, path, source: policy.source });
        }
      }
    }
    const sets = planSets(wants);
    sets.edits.forEach(ctx.edit);
    for (const [service, values] of sets.own) writeOwn(ownDef(service), values).forEach(ctx.edit);
    sets.changes.forEach(ctx.change);
    sets.findings.forEach(ctx.report);
    for (const r of removes) {
      const blocked = blockedAt(r.service, r.path);
      if (blocked) {
        ctx.report({ level: 'warn', code: 'field-shape', service: r.service.key, file: blocked.field.file, line: blocked.field.line, message: `${r.service.name}: ${blocked.path.join('.')} is ${shapeOf(blocked.field.node)}, so ${r.path.join('.')} cannot be removed from under it; not changed (policy ${r.source})` });
        continue;
      }
      const plan = planRemove(r.service, r.path, r.source);
      plan.edits.forEach(ctx.edit);
      plan.changes.forEach(ctx.change);
      plan.findings.forEach(ctx.report);
    }
  },
});

export default composeFields;
