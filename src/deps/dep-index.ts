import { exactImportNames, readInstalled, type InstalledDist } from '../python/index.js';
import { normalizeName } from '../requirements/index.js';
import { KNOWN_REQUIRES } from './data/transitive.js';
import { ProviderIndex } from './providers.js';
import { requiresOf } from './requires-dist.js';

/** Installed Python metadata one analysis reads names, requirements and sizes from. */
export interface MetadataSource {
  kind: 'image' | 'site-packages' | 'venv';
  /** For messages: `image app-web`, `--site-packages .venv/lib/python3.12/site-packages`, `svc/.venv/…`. */
  label: string;
  dists: ReadonlyMap<string, InstalledDist>;
}

/** Lookups shared by the services that read the same metadata: names, providers, dependency closure. */
export interface DepIndex {
  /** Import names by distribution, merged over `sources` (the first source that has a distribution wins). */
  sitePackages?: ReadonlyMap<string, readonly string[]>;
  /** The metadata sources, in the order they are trusted: the image, then a local environment. */
  sources: readonly MetadataSource[];
  /** Installed distributions merged over `sources` the same way. */
  installed: ReadonlyMap<string, InstalledDist>;
  providers: ProviderIndex;
  /** The known requirements of `dist` and where they were read (a source's label, or the bundled table); undefined: unknown. */
  requiresOf(dist: string): { requires: readonly string[]; from: string } | undefined;
  /** Every distribution reachable from `roots` through requirements → the chain from a root (root first, it last). */
  closure(roots: readonly string[]): Map<string, string[]>;
  /** Where exact import names of `dist` come from (a source's label, or the table's entry); undefined: none knows. */
  namesFrom(dist: string): string | undefined;
}

/**
 * Build the index over metadata sources in order (a site-packages folder path is read as one source); their
 * metadata wins over the bundled tables. With no source, names come from the table only.
 */
export function makeDepIndex(sources?: string | readonly MetadataSource[]): DepIndex {
  const list: readonly MetadataSource[] =
    typeof sources === 'string' ? [{ kind: 'site-packages', label: `--site-packages ${sources}`, dists: readInstalled(sources) }] : (sources ?? []);
  const installed = new Map<string, InstalledDist>();
  const from = new Map<string, string>();
  for (const s of list) {
    for (const [k, d] of s.dists) {
      if (installed.has(k)) continue;
      installed.set(k, d);
      from.set(k, s.label);
    }
  }
  const site = list.length ? new Map([...installed].map(([k, d]) => [k, d.importNames])) : undefined;
  const requires = requiresOf(installed);
  const requiresOfDist = (d: string): { requires: readonly string[]; from: string } | undefined => {
    const r = requires.get(d);
    if (r) return { requires: r, from: from.get(d) ?? 'installed metadata' };
    const t = KNOWN_REQUIRES.get(d);
    return t && { requires: t.requires, from: `the bundled table: ${t.source}` };
  };
  const depsOf = (d: string): readonly string[] => requiresOfDist(d)?.requires ?? [];
  return {
    sitePackages: site,
    sources: list,
    installed,
    providers: new ProviderIndex(site),
    requiresOf: requiresOfDist,
    closure(roots) {
      const out = new Map<string, string[]>();
      const queue: string[][] = [];
      for (const r of roots) for (const dep of depsOf(r)) queue.push([r, dep]);
      while (queue.length) {
        const chain = queue.shift()!;
        const d = chain[chain.length - 1]!;
        if (out.has(d) || roots.includes(d)) continue;
        out.set(d, chain);
        if (chain.length < 6) for (const dep of depsOf(d)) queue.push([...chain, dep]);
      }
      return out;
    },
    namesFrom(dist) {
      const exact = exactImportNames(dist, site);
      if (exact === undefined) return undefined;
      const label = exact.source === 'installed metadata' ? from.get(normalizeName(dist)) : undefined;
      return label ?? exact.source;
    },
  };
}
