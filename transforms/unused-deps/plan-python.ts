import type { ChangeInput } from '../../src/transform/types.js';
import type { LogicalLine } from '../../src/requirements/index.js';
import { parsedRequirements } from '../../src/deps/declared.js';
import { removable } from '../../src/deps/policy.js';
import { namingCommentAbove, removeLines } from '../../src/deps/remove-lines.js';
import type { DepFinding, ServiceDeps } from '../../src/deps/types.js';
import type { PlanOut, RemovalScope } from './removal-scope.js';
import { plural } from '../../src/core/plural.js';

/** The requirements files a Python service installs (constraint files are never edited). */
export function requirementFiles(a: ServiceDeps): string[] {
  return (a.service.link?.requirements ?? []).filter((r) => r.kind !== 'constraint').map((r) => r.path);
}

/**
 * Requirement lines to remove: a package goes from a file only when every service that installs the file finds
 * it removable under its own policy (and every such service is selected). Edits are whole logical lines, with a
 * comment line directly above that names the package.
 */
export function planPythonRemovals(scope: RemovalScope, out: PlanOut): void {
  const done = new Set<string>();
  const perFile = new Map<string, { lines: LogicalLine[]; changes: ChangeInput[] }>();
  for (const a of scope.analyses) {
    for (const f of a.findings) {
      const d = f.declared;
      if (!d || !removable(f, scope.policyOf(a.service.name))) continue;
      const key = `${d.file}\0${d.normalized}`;
      if (done.has(key)) continue;
      done.add(key);
      const users = scope.usersOf(d.file, a);
      const blocker = scope.keeper(users, d.file, d.normalized);
      if (blocker) {
        const { service: u, finding: g } = blocker;
        const why = !scope.policyOf(u.service.name) ? 'is not selected (--service or the policy\'s services:)' : `classes it ${g?.class ?? 'unknown'}${g ? `: ${g.evidence}` : ''}`;
        out.report({
          transform: 'unused-deps',
          level: 'info',
          code: 'dep-kept-shared',
          message: `${a.service.name}: ${d.package} kept in ${d.rel}, which ${u.service.name} also installs and ${why}`,
          service: a.service.key,
          file: d.rel,
          line: d.line,
        });
        continue;
      }
      const source = scope.source(d.file);
      const parsed = parsedRequirements(source);
      const lines = parsed.lines.filter((l) => l.kind === 'requirement' && l.requirement?.name?.normalized === d.normalized);
      const entry = perFile.get(d.file) ?? { lines: [], changes: [] };
      for (const l of lines) {
        entry.lines.push(l);
        const comment = namingCommentAbove(parsed, l, d.package);
        if (comment) entry.lines.push(comment);
        entry.changes.push({
          transform: 'unused-deps',
          service: users.map((u) => u.service.key).join(', '),
          file: d.rel,
          line: l.line,
          what: `remove ${d.package}`,
          value: { kind: 'requirement-removed', package: d.package, ecosystem: 'python' },
          before: source.text.slice(l.start, l.end),
          after: '(removed)',
          reason: `${f.class}: ${users.map((u) => scope.findingFor(u, d.file, d.normalized)!.evidence).filter((e, i, arr) => arr.indexOf(e) === i).join('; ')}`,
          expect: [{ kind: 'requirement', file: d.file, name: d.normalized, present: false }],
        });
      }
      perFile.set(d.file, entry);
    }
  }
  lockFindings(scope, out);
  for (const [file, { lines, changes }] of perFile) {
    removeLines(file, parsedRequirements(scope.source(file)), lines).forEach(out.edit);
    changes.forEach(out.change);
  }
}

/**
 * Lock files are never edited: their unused packages are reported once per file, with the source to edit and the
 * command that regenerates the file (only packages every installing service would remove, under its policy).
 */
function lockFindings(scope: RemovalScope, out: PlanOut): void {
  const perFile = new Map<string, { f: DepFinding; a: ServiceDeps }[]>();
  for (const a of scope.analyses) {
    const policy = scope.policyOf(a.service.name);
    for (const f of a.findings) {
      const d = f.declared;
      if (!d?.lock || !removable({ ...f, declared: { ...d, readOnly: false } }, policy)) continue;
      const list = perFile.get(d.file) ?? [];
      if (!list.some((x) => x.f.declared!.normalized === d.normalized)) list.push({ f, a });
      perFile.set(d.file, list);
    }
  }
  for (const list of perFile.values()) {
    const { f, a } = list[0]!;
    const d = f.declared!;
    const lock = d.lock!;
    const names = list.map((x) => x.f.package);
    const services = [...new Set(list.map((x) => x.a.service.name))];
    out.report({
      transform: 'unused-deps',
      level: 'warn',
      code: 'dep-lock-file',
      message: `${services.join(', ')}: ${d.rel} is a lock file, not edited: ${plural(names.length, 'unused package')} (${names.join(', ')}); remove them from ${lock.source ?? 'its source'} and re-run \`${lock.command}\``,
      service: a.service.key,
      file: d.rel,
      evidence: `${lock.why}; ${list.map((x) => `${x.f.package} (line ${x.f.declared!.line})`).join(', ')} never imported, run or loaded`,
      data: { packages: names, ...(lock.source ? { source: lock.source } : {}), command: lock.command, generator: lock.generator },
    });
  }
}
