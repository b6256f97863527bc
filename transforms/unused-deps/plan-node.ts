import path from 'node:path';
import type { Edit } from '../../src/core/edit.js';
import { applyEdits } from '../../src/core/edit.js';
import type { Change, Finding } from '../../src/core/finding.js';
import { lockFileOf } from '../../src/deps/node-service.js';
import { lineEdits, syncLock } from '../../src/node/lock-sync.js';
import { removeMembers, sectionMembers } from '../../src/node/package-json.js';
import { fileReader } from '../../src/project/load.js';
import type { Project } from '../../src/project/model.js';
import { removable, type DepsPolicy } from '../../src/deps/policy.js';
import type { ServiceDeps } from '../../src/deps/types.js';

/**
 * package.json `dependencies` entries to remove, as text edits that keep the file's formatting. A package.json
 * built by several services loses an entry only when every one of them finds it removable. The lock file beside
 * it is updated by the package manager (offline, in a temp copy) and its diff joins the edits; when that cannot
 * be done, nothing in the package.json is removed and a finding carries the reason.
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
    const f = a.declared[0]?.file;
    if (f === undefined) continue;
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
    const lock = lockFileOf(path.dirname(file));
    const lockEdits: Edit[] = [];
    let lockNote = '';
    if (lock) {
      const lockAbs = path.join(path.dirname(file), lock.file);
      const lockSource = fileReader(project.root, project.files)(lockAbs);
      const sync = syncLock(path.dirname(file), lock.file, applyEdits(source.text, fileEdits), lockSource.text);
      if (!sync.ok) {
        findings.push({
          transform: 'unused-deps',
          level: 'warn',
          code: 'dep-lock-sync-failed',
          message: `${source.rel}: not removing ${[...remove].join(', ')}: ${sync.reason}`,
          file: source.rel,
          evidence: sync.reason,
        });
        continue;
      }
      lockEdits.push(...lineEdits(lockAbs, lockSource.text, sync.text));
      lockNote = `; ${lockSource.rel} updated by \`${sync.command}\``;
      if (lockEdits.length) {
        changes.push({
          transform: 'unused-deps',
          service: users.map((u) => u.service.key).join(', '),
          file: lockSource.rel,
          line: 1,
          what: `update ${lock.file}`,
          value: { kind: 'lock-updated', lockFile: lockSource.rel },
          before: `${lock.file} with ${[...remove].join(', ')}`,
          after: `${lock.file} without them`,
          reason: `keeps the lock in sync with ${source.rel} (\`${sync.command}\` in a temp copy)`,
          expect: [],
        });
      }
    }
    edits.push(...fileEdits, ...lockEdits);
    for (const m of section.members.filter((x) => remove.has(x.key))) {
      const line = source.text.slice(0, m.start).split('\n').length;
      const text = source.text.slice(m.start, m.valueEnd);
      changes.push({
        transform: 'unused-deps',
        service: users.map((u) => u.service.key).join(', '),
        file: source.rel,
        line,
        what: `remove ${m.key}`,
        value: { kind: 'requirement-removed', package: m.key, ecosystem: 'node' },
        before: text,
        after: '(removed)',
        reason: reasons.get(m.key)! + lockNote,
        // The exact entry text must be gone (the JSON was re-parsed above).
        expect: source.text.split(text).length === 2 ? [{ kind: 'text', file, contains: text, present: false }] : [],
      });
    }
  }
}
