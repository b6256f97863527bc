import { IMPORT_NAME_ENTRIES } from '../python/index.js';
import { normalizeName } from '../requirements/index.js';

/** Import name → distributions, from the table and (when given) the installed metadata. */
export class ProviderIndex {
  private readonly byName = new Map<string, Set<string>>();

  constructor(sitePackages?: ReadonlyMap<string, readonly string[]>) {
    for (const [dist, names] of IMPORT_NAME_ENTRIES) for (const n of names) this.add(n, dist);
    for (const [dist, names] of sitePackages ?? []) for (const n of names) this.add(n, dist);
  }

  private add(name: string, dist: string): void {
    const set = this.byName.get(name) ?? new Set<string>();
    set.add(normalizeName(dist));
    this.byName.set(name, set);
  }

  /**
   * Distributions that may provide a module: those whose import name is the longest dotted prefix of it, else the
   * generic guess from the top-level name (`charset_normalizer` → `charset-normalizer`).
   */
  providersOf(module: string): { dists: string[]; name: string; known: boolean } {
    const parts = module.split('.');
    for (let n = parts.length; n > 0; n--) {
      const prefix = parts.slice(0, n).join('.');
      const found = this.byName.get(prefix);
      if (found) return { dists: [...found].sort(), name: prefix, known: true };
    }
    const top = parts[0] ?? module;
    return { dists: [normalizeName(top)], name: top, known: false };
  }
}
