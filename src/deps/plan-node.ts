import path from 'node:path';
import type { Edit } from '../core/edit.js';
import { applyEdits } from '../core/edit.js';
import type { Change, Finding } from '../core/finding.js';
import { lockFileOf } from '../node/analyze.js';
import { removeMembers, sectionMembers } from '../node/package-json.js';
import { fileReader } from '../project/load.js';
import type { Project } from '../project/model.js';
import { removable, type DepsPolicy } from './policy.js';
import type { ServiceDeps } from './types.js';

/**
 * package.json `dependencies` entries to remove, as text edits that keep the file's formatting. A package.json
 * built by several services loses an entry only when every one of them finds it removable. Lock files are not
 * edited: a finding says which package manager command refreshes them.
 */
export function planNodeRemovals(
  project: Project,
  all: readonly ServiceDeps[],
  policyOf: (service: string) => DepsPolicy | undefined,
  edits: Edit[],
  changes: Change[],
  findings: Finding[],
): void {
  const byFile = new Map<string, ServiceDeps[]>();
  for (const a of all) {
    if (a.ecosystem !== 'node') continue;
    const f = a.service.link!.nodePackageJson!;
    byFile.set(f, [...(byFile.get(f) ?? []), a]);
  }
  for (const [file, users] of byFile) {
    const source = fileReader(project.root, project.files)(file);
    const section = sectionMembers(source.text, 'dependencies');
    if (!section) continue;
    const remove = new Set<string>();
    const reasons = new Map<string, string>();
    for (const m of section.members) {
      const verdicts = users.map((u) => ({ u, f: u.findings.find((x) => x.declared?.package === m.key) }));
      const ok = verdicts.every(({ u, f }) => f !== undefined && removable(f, policyOf(u.service.name)));
      if (ok) {
        remove.add(m.key);
        reasons.set(m.key, `${verdicts[0]!.f!.class}: ${verdicts[0]!.f!.evidence}`);
      }
    }
    if (!remove.size) continue;
    const fileEdits = removeMembers(file, source.text, section.members, remove);
    let after: Record<string, unknown> | undefined;
    try {
      after = JSON.parse(applyEdits(source.text, fileEdits)) as Record<string, unknown>;
    } catch {
      after = undefined;
    }
    const deps = after?.dependencies as Record<string, unknown> | undefined;
    if (!after || [...remove].some((k) => deps && k in deps)) {
      findings.push({ transform: 'unused-deps', level: 'warn', code: 'dep-edit-failed', message: `${source.rel}: removing ${[...remove].join(', ')} would not leave valid JSON; nothing changed`, file: source.rel });
      continue;
    }
    edits.push(...fileEdits);
    const lock = lockFileOf(path.dirname(file));
    for (const m of section.members.filter((x) => remove.has(x.key))) {
      const line = source.text.slice(0, m.start).split('\n').length;
      const text = source.text.slice(m.start, m.valueEnd);
      changes.push({
        transform: 'unused-deps',
        service: users.map((u) => u.service.name).join(', '),
        file: source.rel,
        line,
        what: `remove ${m.key}`,
        before: text,
        after: '(removed)',
        reason: reasons.get(m.key)! + (lock ? `; then run \`${lock.command}\` to update ${lock.file}` : ''),
        // The exact entry text must be gone (the JSON was re-parsed above).
        expect: source.text.split(text).length === 2 ? [{ kind: 'text', file, contains: text, present: false }] : [],
      });
    }
    if (lock) {
      findings.push({ transform: 'unused-deps', level: 'info', code: 'dep-lockfile', message: `${source.rel}: ${lock.file} is not edited; run \`${lock.command}\` in ${path.relative(project.root, path.dirname(file)) || '.'} after applying`, file: source.rel });
    }
  }
}
