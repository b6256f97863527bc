import type { SarifItem } from './sarif.js';
import type { AuditData } from '../deps/audit.js';
import type { DepClass } from '../deps/types.js';

/** Classes a reader should act on: removable or broken. The rest explain why a package stays. */
const WARN: ReadonlySet<DepClass> = new Set<DepClass>(['unused', 'missing']);

/** The audit's findings as SARIF items: one result per service and package, rule `unused-deps/<class>`. */
export function auditItems(data: AuditData): SarifItem[] {
  const out: SarifItem[] = [];
  for (const s of data.services) {
    for (const f of s.findings) {
      out.push({
        ruleId: `unused-deps/${f.class}`,
        ruleText: `unused-deps: ${f.class} dependency`,
        level: f.ignored ? 'note' : WARN.has(f.class) ? 'warning' : 'note',
        message: `${s.service}: ${f.package} is ${f.class}${f.ignored ? ' (ignored by policy)' : ''}: ${f.evidence}`,
        ...(f.file !== undefined ? { file: f.file } : {}),
        ...(f.line !== undefined ? { line: f.line } : {}),
        properties: { service: s.service, package: f.package, class: f.class, ecosystem: f.ecosystem },
      });
    }
  }
  return out;
}
