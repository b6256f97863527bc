import type { Edit } from '../core/edit.js';
import { selectedBy } from '../project/service-select.js';
import type { Change, Finding } from '../core/finding.js';
import type { Facts } from '../facts/types.js';
import type { Project, Service } from '../project/model.js';
import { withDefaults } from '../transform/options.js';
import type { AnyTransform, DerivedRequest, Loaded, Policy, PolicyContext, TransformContext } from '../transform/types.js';
import { loadForTransforms } from './load-sources.js';
import { policyContexts } from './policy-context.js';

/** What the transforms of a run produced, before verification. */
export interface RunResult {
  edits: Edit[];
  changes: Change[];
  findings: Finding[];
}

/** What the transforms of one pass produced: besides edits, changes and findings, what the derive stage must do. */
export interface TransformsResult extends RunResult {
  /** Files to derive from the edits (lock files), for src/pipeline/derive-locks.ts. */
  requests: DerivedRequest[];
}

/**
 * Run each selected transform with its policies (config's, else meta.defaultPolicies), each handed a
 * context with validated, defaulted options and filtered services; whatever it reports, changes or edits
 * is stamped with its name.
 */
export function runTransforms(
  project: Project,
  facts: Facts,
  transforms: readonly AnyTransform[],
  policies: readonly Policy[] | undefined,
  services: readonly string[] = [],
): TransformsResult {
  const out: TransformsResult = { edits: [], changes: [], findings: [], requests: [] };
  const selected = services.length ? project.services.filter((s) => selectedBy(s, services)) : project.services;
  // The load stage: what the transforms read besides the project (sources, imports), read before any runs.
  const loaded = loadForTransforms(project, facts, transforms, policies);
  for (const t of transforms) {
    const name = t.meta.name;
    const own = policies?.filter((p) => p.transform === name) ?? [];
    const chosen = own.length ? own : t.meta.defaultPolicies.map((options) => ({ transform: name, options: { ...options }, source: 'default' }));
    const pcs = policyContexts(t, chosen, selected, out.findings);
    const ctx = contextFor(t, project, facts, loaded, pcs, selected, out);
    const returned = t.run(ctx);
    for (const e of returned ?? []) ctx.edit(e);
  }
  return out;
}

function contextFor(t: AnyTransform, project: Project, facts: Facts, loaded: Loaded, policies: PolicyContext[], selected: readonly Service[], out: TransformsResult): TransformContext {
  const name = t.meta.name;
  const inAny = new Set(policies.flatMap((p) => p.services));
  // One look-up per service (a scan of each policy's services per call is quadratic in services).
  const firstPolicy = new Map<Service, PolicyContext>();
  for (const p of policies) for (const s of p.services) if (!firstPolicy.has(s)) firstPolicy.set(s, p);
  return {
    project,
    facts,
    loaded,
    options: policies[0]?.options ?? withDefaults({}, t.meta.options),
    policies,
    services: selected.filter((s) => inAny.has(s)),
    selected,
    policyFor: (service) => firstPolicy.get(service),
    report: (f) => void out.findings.push({ ...f, transform: name }),
    // A plugin written in JS may leave `value` out: consumers then see an `other` change.
    change: (c) => void out.changes.push({ ...c, value: c.value ?? { kind: 'other' }, transform: name }),
    edit: (e) => void out.edits.push({ ...e, transform: name }),
    derive: (r) => void out.requests.push({ ...r, transform: name }),
  };
}
