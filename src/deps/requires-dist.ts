import { readInstalled, type InstalledDist } from '../python/index.js';

/**
 * Unconditional runtime requirements of every distribution in a site-packages folder, from `*.dist-info/METADATA`
 * `Requires-Dist:` headers. Requirements guarded by an `extra ==` marker are left out (they are installed only when
 * the extra is asked for); other markers are kept, as the analysis cannot evaluate them for the image.
 */
export function readRequiresDist(dir: string): Map<string, string[]> {
  return requiresOf(readInstalled(dir));
}

/** The `Requires-Dist:` map of distributions already read (normalised name → normalised requirements). */
export function requiresOf(dists: ReadonlyMap<string, InstalledDist>): Map<string, string[]> {
  return new Map([...dists].map(([k, d]) => [k, d.requires]));
}
