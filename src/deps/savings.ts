import type { ImageMetadataFact } from '../facts/types.js';
import type { InstalledDist } from '../python/index.js';
import { normalizeName } from '../requirements/index.js';

/** One distribution the removal would take out of the image, with the bytes only it holds. */
export interface ReclaimedDist {
  package: string;
  /** `unused`: declared and unused; `dependency`: installed only because an unused package requires it. */
  role: 'unused' | 'dependency';
  /** For a dependency: the unused package whose requirements bring it in. */
  via?: string;
  version?: string;
  /** Bytes of its RECORD files that no kept distribution lists too. */
  bytes: number;
  /** Files RECORD lists without a size (not counted). */
  unsizedFiles: number;
  /** The metadata lists no files at all (an `*.egg-info` without installed-files.txt): its bytes are not measured. */
  noFileList?: true;
}

/** What removing a service's unused packages reclaims in its image, measured from the image's RECORD sizes. */
export interface Reclaimable {
  bytes: number;
  removed: ReclaimedDist[];
  /** Unused packages that stay installed anyway: a kept distribution requires them (the chain says which). */
  stillRequired: { package: string; chain: string[] }[];
  /** Unused packages the metadata does not list as installed (nothing to reclaim). */
  notInstalled: string[];
  unsizedFiles: number;
}

/**
 * The exclusive closure of the unused packages: each unused package and every distribution it requires
 * (transitively, `Requires-Dist` without `extra ==` markers), minus everything a kept distribution requires
 * transitively. Kept roots are the declared packages that stay plus every installed distribution no declared package
 * brings in (the base image's, or installed another way). Bytes count only files no kept distribution lists.
 */
export function reclaimable(installed: ReadonlyMap<string, InstalledDist>, declared: readonly string[], unused: readonly string[]): Reclaimable {
  const norm = (xs: readonly string[]): string[] => [...new Set(xs.map(normalizeName))];
  const declaredSet = norm(declared);
  const unusedSet = norm(unused).filter((u) => declaredSet.includes(u) || installed.has(u));
  const reqs = (d: string): string[] => (installed.get(d)?.requires ?? []).filter((r) => installed.has(r));
  /** Breadth-first reach from roots, with the parent of each reached distribution. */
  const reach = (roots: readonly string[]): Map<string, string | undefined> => {
    const parent = new Map<string, string | undefined>();
    const queue = roots.filter((r) => installed.has(r));
    for (const r of queue) parent.set(r, undefined);
    for (let i = 0; i < queue.length; i++) {
      for (const dep of reqs(queue[i]!)) {
        if (parent.has(dep)) continue;
        parent.set(dep, queue[i]);
        queue.push(dep);
      }
    }
    return parent;
  };
  const fromDeclared = reach(declaredSet);
  const keptRoots = [...declaredSet.filter((d) => !unusedSet.includes(d)), ...[...installed.keys()].filter((d) => !fromDeclared.has(d))];
  const kept = reach(keptRoots);
  const fromUnused = reach(unusedSet);
  const removedNames = [...fromUnused.keys()].filter((d) => !kept.has(d));
  const keptFiles = new Set<string>();
  for (const [name, d] of installed) if (!removedNames.includes(name)) for (const f of d.files) keptFiles.add(f.path);

  const rootOf = (d: string): string => {
    let cur = d;
    for (let p = fromUnused.get(cur); p !== undefined; p = fromUnused.get(cur)) cur = p;
    return cur;
  };
  const chainOf = (d: string): string[] => {
    const chain = [d];
    for (let p = kept.get(d); p !== undefined; p = kept.get(p)) chain.unshift(p);
    return chain;
  };
  const removed: ReclaimedDist[] = removedNames.map((name) => {
    const d = installed.get(name)!;
    let bytes = 0;
    let unsizedFiles = 0;
    for (const f of d.files) {
      if (keptFiles.has(f.path)) continue;
      if (f.size === undefined) unsizedFiles++;
      else bytes += f.size;
    }
    const role = unusedSet.includes(name) ? 'unused' : 'dependency';
    return { package: d.name, role, ...(role === 'dependency' ? { via: installed.get(rootOf(name))?.name ?? rootOf(name) } : {}), ...(d.version ? { version: d.version } : {}), bytes, unsizedFiles, ...(d.files.length === 0 ? { noFileList: true as const } : {}) };
  });
  removed.sort((a, b) => (a.role === b.role ? b.bytes - a.bytes || a.package.localeCompare(b.package) : a.role === 'unused' ? -1 : 1));
  return {
    bytes: removed.reduce((n, r) => n + r.bytes, 0),
    removed,
    stillRequired: unusedSet.filter((u) => installed.has(u) && kept.has(u)).map((u) => ({ package: u, chain: chainOf(u) })),
    notInstalled: unusedSet.filter((u) => !installed.has(u)),
    unsizedFiles: removed.reduce((n, r) => n + r.unsizedFiles, 0),
  };
}

/** Bytes for people: `12.3 MiB (12,902,400 bytes)`; exact bytes always shown. */
export function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n;
  let unit = 'B';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  const exact = `${n.toLocaleString('en-US')} bytes`;
  return unit === 'B' ? exact : `${v.toFixed(1)} ${unit} (${exact})`;
}

/** The audit's savings entry of one service: measured from its image, or why not. */
export type AuditSavings = ({ measured: true; image: string; imageId?: string } & Reclaimable) | { measured: false; reason: string };

/** Savings of removing `unused` from a service whose image metadata is `fact` (absent: not measured, never estimated). */
export function auditSavings(fact: ImageMetadataFact | undefined, declared: readonly string[], unused: readonly string[]): AuditSavings {
  if (fact === undefined) return { measured: false, reason: 'sizes come only from the image: pass --image-metadata with the image built' };
  if (fact.dists === undefined) return { measured: false, reason: fact.problem ?? `image ${fact.image} could not be read` };
  return { measured: true, image: fact.image, ...(fact.id ? { imageId: fact.id } : {}), ...reclaimable(fact.dists, declared, unused) };
}
