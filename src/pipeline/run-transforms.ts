import type { Edit } from '../core/edit.js';
import type { Change, Finding } from '../core/finding.js';
import type { Facts } from '../facts/types.js';
import type { Project } from '../project/model.js';
import type { Policy, Transform } from '../transform/types.js';

/** What the transforms of a run produced, before verification. */
export interface RunResult {
  edits: Edit[];
  changes: Change[];
  findings: Finding[];
}

/** Run each selected transform with its policies; edits are stamped with the transform's name. */
export function runTransforms(
  project: Project,
  facts: Facts,
  transforms: readonly Transform[],
  policies: readonly Policy[] | undefined,
  services: readonly string[] = [],
): RunResult {
  const out: RunResult = { edits: [], changes: [], findings: [] };
  for (const t of transforms) {
    const own = policies?.filter((p) => p.transform === t.meta.name) ?? [];
    const chosen = own.length ? own : t.meta.defaultPolicies.map((options) => ({ transform: t.meta.name, options: { ...options }, source: 'default' }));
    const r = t.run({ project, facts, policies: chosen, services });
    for (const e of r.edits) out.edits.push({ ...e, transform: t.meta.name });
    out.changes.push(...r.changes);
    out.findings.push(...r.findings);
  }
  return out;
}
