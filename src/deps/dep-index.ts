import { readSitePackages } from '../python/index.js';
import { KNOWN_REQUIRES } from './data/transitive.js';
import { ProviderIndex } from './providers.js';
import { readRequiresDist } from './requires-dist.js';

/** Lookups shared by every service of a run: installed metadata (optional), providers, dependency closure. */
export interface DepIndex {
  sitePackages?: ReadonlyMap<string, readonly string[]>;
  providers: ProviderIndex;
  /** Every distribution reachable from `roots` through requirements → the chain from a root (root first, it last). */
  closure(roots: readonly string[]): Map<string, string[]>;
}

/** Build the index; with `sitePackages` (an absolute site-packages folder) its metadata wins over the tables. */
export function makeDepIndex(sitePackages?: string): DepIndex {
  const site = sitePackages ? readSitePackages(sitePackages) : undefined;
  const requires = sitePackages ? readRequiresDist(sitePackages) : new Map<string, string[]>();
  const depsOf = (d: string): readonly string[] => requires.get(d) ?? KNOWN_REQUIRES.get(d) ?? [];
  return {
    sitePackages: site,
    providers: new ProviderIndex(site),
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
  };
}
