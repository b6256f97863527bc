import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LockEdges } from './lock-edges.js';

/** Sections of a pnpm lock entry that name what the package needs installed beside it. */
const SECTIONS = new Set(['dependencies', 'peerDependencies', 'optionalDependencies']);

/**
 * The package name of a `packages:` / `snapshots:` key: `'@angular/core@22.1.0(rxjs@7.8.2)'` (v6-v9),
 * `/@angular/core@17.0.0` (v6), `/@angular/core/17.0.0_rxjs@7.8.1` (v5: name, then the version as the last segment).
 */
export function pnpmKeyName(key: string, lockfileVersion: number): string | undefined {
  let k = key.replace(/^['"]|['"]$/g, '').replace(/^\//, '');
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  if (lockfileVersion < 6) {
    const slash = k.lastIndexOf('/');
    const name = slash > 0 ? k.slice(0, slash) : undefined;
    return name && !name.includes('@', 1) ? name : undefined;
  }
  const at = k.indexOf('@', 1);
  return at > 0 ? k.slice(0, at) : undefined;
}

/**
 * The edges `pnpm-lock.yaml` records (lockfile v5-v9): every `packages:` and `snapshots:` entry's dependencies,
 * peerDependencies and optionalDependencies (v9 keeps peers in `packages:` and resolved deps in `snapshots:`).
 * Read line by line (locks of big workspaces run to megabytes; the format is fixed indentation). Undefined without
 * a pnpm lock, or one with no entries.
 */
export function pnpmLockEdges(dir: string): LockEdges | undefined {
  const file = path.join(dir, 'pnpm-lock.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const version = Number(/^lockfileVersion:\s*['"]?([\d.]+)/m.exec(text)?.[1] ?? NaN);
  const requires = new Map<string, Set<string>>();
  const installed = new Set<string>();
  let inEntries = false;
  let pkg: string | undefined;
  let inSection = false;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      inEntries = /^(?:packages|snapshots):\s*$/.test(line);
      pkg = undefined;
      continue;
    }
    if (!inEntries) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 2) {
      pkg = pnpmKeyName(line.trim().replace(/:\s*(?:\{\s*\})?$/, ''), Number.isNaN(version) ? 9 : version);
      if (pkg) installed.add(pkg);
      inSection = false;
    } else if (indent === 4) {
      inSection = SECTIONS.has(line.trim().replace(/:.*$/, ''));
    } else if (indent === 6 && inSection && pkg) {
      const name = /^['"]?((?:@[^@/\s'"]+\/)?[^@/\s'":]+)['"]?:/.exec(line.trim())?.[1];
      if (!name) continue;
      const set = requires.get(pkg) ?? new Set<string>();
      requires.set(pkg, set.add(name));
    }
  }
  if (!requires.size && !installed.size) return undefined;
  return { file, requires, installed, peers: true, ...(Number.isNaN(version) ? {} : { lockfileVersion: version }) };
}
