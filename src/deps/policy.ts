import path from 'node:path';
import picomatch from 'picomatch';
import { matchesGlobs } from '../core/globs.js';
import { UsageError } from '../core/errors.js';
import type { Service } from '../project/model.js';
import { normalizeName } from '../requirements/index.js';
import type { Policy } from '../transform/types.js';
import type { DepFinding } from './types.js';

/** Classes a policy may add to `unused` for removal. */
export const INCLUDABLE = ['test-only'] as const;

/** One unused-deps policy, validated. */
export interface DepsPolicy {
  /** Remove only these packages (names or globs, compared normalised). */
  only?: string[];
  /** Never remove these packages (names or globs); they are still reported, marked ignored. */
  ignore: string[];
  /** Extra classes to remove besides `unused`. */
  include: (typeof INCLUDABLE)[number][];
  /** Services (names or globs) the policy applies to; absent: all. */
  services?: string[];
  /** site-packages folder (relative to the root) whose metadata names import names and requirements. */
  sitePackages?: string;
  source: string;
}

const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Validate the transform's policies (config validation checks types; this checks values). */
export function parseDepsPolicies(policies: readonly Pick<Policy, 'options' | 'source'>[]): DepsPolicy[] {
  return policies.map((p) => {
    const include = list(p.options.include) ?? [];
    const bad = include.filter((i) => !(INCLUDABLE as readonly string[]).includes(i));
    if (bad.length) throw new UsageError(`unused-deps (${p.source}): include: unknown class ${bad.map((b) => `"${b}"`).join(', ')} (allowed: ${INCLUDABLE.join(', ')})`);
    const out: DepsPolicy = { ignore: list(p.options.ignore) ?? [], include: include as DepsPolicy['include'], source: p.source };
    const only = list(p.options.only);
    if (only) out.only = only;
    const services = list(p.options.services);
    if (services) out.services = services;
    if (typeof p.options.sitePackages === 'string') out.sitePackages = p.options.sitePackages;
    return out;
  });
}

/** The first policy whose `services:` matches the service (a policy without `services:` matches all; `!x` excludes, as the pipeline reads it). */
export function policyFor(service: Service, policies: readonly DepsPolicy[]): DepsPolicy | undefined {
  return policies.find((p) => !p.services || matchesGlobs(service.name, p.services));
}

/** The site-packages folder of the first policy that names one, absolute. */
export function sitePackagesOf(policies: readonly DepsPolicy[], root: string): string | undefined {
  const p = policies.find((x) => x.sitePackages !== undefined);
  return p ? path.resolve(root, p.sitePackages!) : undefined;
}

/** Name matching for `only:` / `ignore:`: exact or glob, Python names compared PEP 503-normalised. */
export function nameMatches(pkg: string, ecosystem: DepFinding['ecosystem'], patterns: readonly string[]): boolean {
  const norm = (s: string): string => (ecosystem === 'python' ? normalizeName(s) : s);
  const name = norm(pkg);
  return patterns.some((p) => {
    const want = ecosystem === 'python' ? p.replace(/[-_.]+/g, '-').toLowerCase() : p;
    return want === name || picomatch.isMatch(name, want);
  });
}

/** Ignored by the requirement line's `# composeshift: ignore` or the policy's `ignore:`. */
export function isIgnored(f: DepFinding, policy: DepsPolicy | undefined): boolean {
  return Boolean(f.declared?.inlineIgnore) || (policy !== undefined && nameMatches(f.package, f.ecosystem, policy.ignore));
}

/** Whether the policy removes this declared package: `unused` (or an included class), not ignored, within `only:`. */
export function removable(f: DepFinding, policy: DepsPolicy | undefined): boolean {
  if (!policy || !f.declared || f.declared.readOnly) return false;
  const cls = f.class === 'unused' || (policy.include as string[]).includes(f.class);
  if (!cls || isIgnored(f, policy)) return false;
  return !policy.only || nameMatches(f.package, f.ecosystem, policy.only);
}
