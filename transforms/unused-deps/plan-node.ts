import { applyEdits } from '../../src/core/edit.js';
import { removeMembers, sectionMembers } from '../../src/node/package-json.js';
import type { ServiceDeps } from '../../src/deps/types.js';
import type { PlanOut, RemovalScope } from './removal-scope.js';

/** The package.json a Node service installs from (its declarations' file). */
export function manifestFiles(a: ServiceDeps): string[] {
  const f = a.declared[0]?.file;
  return f === undefined ? [] : [f];
}

/**
 * package.json `dependencies` entries to remove, as text edits that keep the file's formatting. A package.json
 * built by several services loses an entry only when every one of them finds it removable. The lock file beside
 * it is the derive stage's (src/pipeline/derive-locks.ts): each removal asks for it with a `lock-sync` request,
 * and stands or falls with it.
 */
export function planNodeRemovals(scope: RemovalScope, out: PlanOut): void {
  const seen = new Set<string>();
  for (const first of scope.analyses) {
    const file = manifestFiles(first)[0];
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    const users = scope.usersOf(file, first);
    const source = scope.source(file);
    const section = sectionMembers(source.text, 'dependencies');
    if (!section) continue;
    const remove = new Set<string>();
    const reasons = new Map<string, string>();
    for (const m of section.members) {
      if (scope.keeper(users, file, m.key)) continue;
      const f = scope.findingFor(users[0]!, file, m.key)!;
      remove.add(m.key);
      reasons.set(m.key, `${f.class}: ${f.evidence}`);
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
      out.report({ transform: 'unused-deps', level: 'warn', code: 'dep-edit-failed', message: `${source.rel}: removing ${[...remove].join(', ')} would not leave valid JSON; nothing changed`, file: source.rel });
      continue;
    }
    const services = users.map((u) => u.service.key);
    fileEdits.forEach(out.edit);
    out.derive({ kind: 'lock-sync', manifest: file, packages: [...remove], services });
    for (const m of section.members.filter((x) => remove.has(x.key))) {
      const line = source.text.slice(0, m.start).split('\n').length;
      const text = source.text.slice(m.start, m.valueEnd);
      out.change({
        transform: 'unused-deps',
        service: services.join(', '),
        file: source.rel,
        line,
        what: `remove ${m.key}`,
        value: { kind: 'requirement-removed', package: m.key, ecosystem: 'node' },
        before: text,
        after: '(removed)',
        reason: reasons.get(m.key)!,
        // The exact entry text must be gone (the JSON was re-parsed above).
        expect: source.text.split(text).length === 2 ? [{ kind: 'text', file, contains: text, present: false }] : [],
      });
    }
  }
}
