import type { Finding } from '../core/finding.js';
import { matchesGlobs } from '../core/globs.js';
import type { Service } from '../project/model.js';
import { withDefaults } from '../transform/options.js';
import type { AnyTransform, Policy, PolicyContext } from '../transform/types.js';

const asList = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * A transform's policies as it sees them: options defaulted from meta.options, `when.service` folded into
 * the one selector `services` (a deprecated spelling gets an info finding), and each policy's services
 * (the run's --service selection that its selector matches).
 */
export function policyContexts(t: AnyTransform, policies: readonly Policy[], selected: readonly Service[], findings: Finding[]): PolicyContext[] {
  return policies.map((p) => {
    const options = withDefaults(p.options, t.meta.options);
    const when = options.when as Record<string, unknown> | undefined;
    let globs = asList(options.services);
    if (when && when.service !== undefined) {
      const deprecated = t.meta.options.when?.keys?.service?.deprecated;
      if (deprecated) {
        findings.push({ transform: t.meta.name, level: 'info', code: 'deprecated-option', message: `${t.meta.name} (policy ${p.source}): when.service is deprecated: ${deprecated}` });
      }
      globs = [...(globs ?? []), ...asList(when.service)!];
      options.services = globs;
    }
    for (const [key, spec] of Object.entries(t.meta.options)) {
      if (spec.deprecated && p.options[key] !== undefined) {
        findings.push({ transform: t.meta.name, level: 'info', code: 'deprecated-option', message: `${t.meta.name} (policy ${p.source}): ${key} is deprecated: ${spec.deprecated}` });
      }
    }
    const services = globs ? selected.filter((s) => matchesGlobs(s.name, globs!)) : selected;
    return { options, source: p.source, services };
  });
}
