import { createRequire } from 'node:module';
import type * as Semver from 'semver';

let semverLib: typeof Semver | undefined;

/** semver, required on first use: lock checks are rare, and every run would otherwise initialise it at start-up. */
function semver(): typeof Semver {
  semverLib ??= createRequire(import.meta.url)('semver') as typeof Semver;
  return semverLib;
}

/** A manifest dependency whose locked version is outside the range package.json asks for. */
export interface StaleDependency {
  name: string;
  section: string;
  range: string;
  locked: string;
}

const SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/**
 * The dependencies of package.json whose top-level entry in an npm lock (v2/v3 `packages`) has a version the
 * declared range does not accept (semver, as npm decides). Such a lock is already out of sync: `npm ci` refuses it,
 * and an offline lock-only install would re-resolve it. Specs that are not semver ranges (dist-tags, git or file
 * URLs) and dependencies the lock does not hold are not judged here.
 */
export function staleLockedDependencies(pkg: Record<string, unknown>, packages: Readonly<Record<string, Readonly<Record<string, unknown>>>>): StaleDependency[] {
  const { satisfies, validRange, valid } = semver();
  const out: StaleDependency[] = [];
  for (const section of SECTIONS) {
    const deps = pkg[section];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
      if (typeof spec !== 'string') continue;
      // `npm:real-name@range` installs another package under this name: its range is after the last @.
      const range = spec.startsWith('npm:') ? spec.slice(spec.lastIndexOf('@') + 1) : spec;
      if (validRange(range) === null) continue;
      const locked = packages[`node_modules/${name}`]?.version;
      if (typeof locked !== 'string' || valid(locked) === null) continue;
      if (!satisfies(locked, range)) out.push({ name, section, range: spec, locked });
    }
  }
  return out;
}
