import type { Edit } from '../../src/core/edit.js';
import type { Change, Finding } from '../../src/core/finding.js';
import { fileReader } from '../../src/project/load.js';
import type { Project } from '../../src/project/model.js';
import type { LogicalLine } from '../../src/requirements/index.js';
import { parsedRequirements } from '../../src/deps/declared.js';
import { removable, type DepsPolicy } from '../../src/deps/policy.js';
import { namingCommentAbove, removeLines } from '../../src/deps/remove-lines.js';
import type { DepFinding, ServiceDeps } from '../../src/deps/types.js';

/**
 * Requirement lines to remove: a package goes from a file only when every service that installs the file finds
 * it removable under its own policy (and every such service is selected). Edits are whole logical lines, with a
 * comment line directly above that names the package.
 */
export function planPythonRemovals(
  project: Project,
  all: readonly ServiceDeps[],
  policyOf: (service: string) => DepsPolicy | undefined,
  edits: Edit[],
  changes: Change[],
  findings: Finding[],
): void {
  const py = all.filter((a) => a.ecosystem === 'python');
  const installers = new Map<string, ServiceDeps[]>();
  for (const a of py) {
    for (const r of a.service.link?.requirements ?? []) {
      if (r.kind === 'constraint') continue;
      const list = installers.get(r.path) ?? [];
      if (!list.includes(a)) list.push(a);
      installers.set(r.path, list);
    }
  }
  const findingFor = (a: ServiceDeps, file: string, name: string): DepFinding | undefined =>
    a.findings.find((f) => f.declared && !f.declared.readOnly && f.declared.file === file && f.declared.normalized === name);

  const done = new Set<string>();
  const perFile = new Map<string, { lines: LogicalLine[]; changes: Change[] }>();
  for (const a of py) {
    for (const f of a.findings) {
      const d = f.declared;
      if (!d || !removable(f, policyOf(a.service.name))) continue;
      const key = `${d.file}\0${d.normalized}`;
      if (done.has(key)) continue;
      done.add(key);
      const users = installers.get(d.file) ?? [a];
      const blocker = users.map((u) => ({ u, g: findingFor(u, d.file, d.normalized) })).find(({ u, g }) => !g || !removable(g, policyOf(u.service.name)));
      if (blocker) {
        const why = !policyOf(blocker.u.service.name) ? 'is not selected (--service or the policy\'s services:)' : `classes it ${blocker.g?.class ?? 'unknown'}${blocker.g ? `: ${blocker.g.evidence}` : ''}`;
        findings.push({
          transform: 'unused-deps',
          level: 'info',
          code: 'dep-kept-shared',
          message: `${a.service.name}: ${d.package} kept in ${d.rel}, which ${blocker.u.service.name} also installs and ${why}`,
          service: a.service.key,
          file: d.rel,
          line: d.line,
        });
        continue;
      }
      const source = fileReader(project.root, project.files)(d.file);
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
          reason: `${f.class}: ${users.map((u) => findingFor(u, d.file, d.normalized)!.evidence).filter((e, i, arr) => arr.indexOf(e) === i).join('; ')}`,
          expect: [{ kind: 'requirement', file: d.file, name: d.normalized, present: false }],
        });
      }
      perFile.set(d.file, entry);
    }
  }
  lockFindings(py, policyOf, findings);
  for (const [file, { lines, changes: cs }] of perFile) {
    const parsed = parsedRequirements(fileReader(project.root, project.files)(file));
    edits.push(...removeLines(file, parsed, lines));
    changes.push(...cs);
  }
}

/**
 * Lock files are never edited: their unused packages are reported once per file, with the source to edit and the
 * command that regenerates the file (only packages every installing service would remove, under its policy).
 */
function lockFindings(py: readonly ServiceDeps[], policyOf: (service: string) => DepsPolicy | undefined, findings: Finding[]): void {
  const perFile = new Map<string, { f: DepFinding; a: ServiceDeps }[]>();
  for (const a of py) {
    const policy = policyOf(a.service.name);
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
    findings.push({
      transform: 'unused-deps',
      level: 'warn',
      code: 'dep-lock-file',
      message: `${services.join(', ')}: ${d.rel} is a lock file, not edited: ${names.length} unused package(s) (${names.join(', ')}); remove them from ${lock.source ?? 'its source'} and re-run \`${lock.command}\``,
      service: a.service.key,
      file: d.rel,
      evidence: `${lock.why}; ${list.map((x) => `${x.f.package} (line ${x.f.declared!.line})`).join(', ')} never imported, run or loaded`,
      data: { packages: names, ...(lock.source ? { source: lock.source } : {}), command: lock.command, generator: lock.generator },
    });
  }
}
