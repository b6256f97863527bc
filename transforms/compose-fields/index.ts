import { ownDef } from '../../src/project/service-setting.js';
import { writeOwn } from '../../src/compose/write-setting.js';
import { defineTransform } from '../../src/transform/define.js';
import { pathOf, whenHolds } from './match.js';
import { OPTIONS, type FieldsOptions } from './options.js';
import { planRemove } from './remove-field.js';
import { planSets, type Want } from './set-field.js';

const isScalarValue = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

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
      for (const [key, value] of Object.entries(o.set ?? {})) {
        if (!isScalarValue(value)) ctx.report({ level: 'error', code: 'field-value', message: `compose-fields (policy ${policy.source}): set.${key} must be a string, number or boolean` });
      }
      for (const service of policy.services) {
        if (service.project.dockerfilesOnly || !whenHolds(service, o)) continue;
        for (const [key, value] of Object.entries(o.set ?? {})) {
          if (!isScalarValue(value)) continue;
          const path = pathOf(key);
          const earlier = wants.find((w) => w.service === service && w.path.join('.') === key);
          if (!earlier) wants.push({ service, path, value, source: policy.source });
          else if (String(earlier.value) !== String(value)) {
            ctx.report({ level: 'warn', code: 'field-conflict', service: service.key, message: `${service.name}: ${key} is set to ${String(earlier.value)} by policy ${earlier.source} and to ${String(value)} by policy ${policy.source}; the first wins` });
          }
        }
        for (const key of o.remove ?? []) {
          if (wants.some((w) => w.service === service && w.path.join('.') === key)) continue;
          if (!removes.some((r) => r.service === service && r.path.join('.') === key)) removes.push({ service, path: pathOf(key), source: policy.source });
        }
      }
    }
    const sets = planSets(wants);
    sets.edits.forEach(ctx.edit);
    for (const [service, values] of sets.own) writeOwn(ownDef(service), values).forEach(ctx.edit);
    sets.changes.forEach(ctx.change);
    sets.findings.forEach(ctx.report);
    for (const r of removes) {
      const plan = planRemove(r.service, r.path, r.source);
      plan.edits.forEach(ctx.edit);
      plan.changes.forEach(ctx.change);
      plan.findings.forEach(ctx.report);
    }
  },
});

export default composeFields;
