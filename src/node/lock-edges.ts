import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pnpmLockEdges } from './pnpm-lock-edges.js';
import { yarnLockEdges } from './yarn-lock-edges.js';

/** Requirement edges of an npm lock file: package name → names it depends on (dependencies, peer and optional). */
export interface LockEdges {
  /** The lock file, absolute. */
  file: string;
  requires: Map<string, Set<string>>;
  /** Every package the lock installs (any copy, any depth): a declared package missing here is one the lock does not cover. */
  installed: Set<string>;
  /** lockfileVersion 2/3 (`packages`) records peerDependencies; version 1 (`dependencies[*].requires`) does not. */
  peers: boolean;
  lockfileVersion?: number;
  /** bin name → package, from npm lock v2/v3 `bin` fields of top-level packages (what `node_modules/.bin` links). */
  bins?: Map<string, string>;
}

const SECTIONS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/**
 * The edges `package-lock.json` (v2/v3 `packages`, or v1 `dependencies[*].requires`) records beside a package.json;
 * every installed copy of a package contributes (nested `node_modules/a/node_modules/b` counts as `b`). Undefined
 * without a readable npm lock file.
 */
export function npmLockEdges(dir: string): LockEdges | undefined {
  for (const name of ['package-lock.json', 'npm-shrinkwrap.json']) {
    const file = path.join(dir, name);
    let lock: { lockfileVersion?: number; packages?: Record<string, Record<string, unknown>>; dependencies?: Record<string, { requires?: Record<string, string> }> };
    try {
      lock = JSON.parse(readFileSync(file, 'utf8')) as typeof lock;
    } catch {
      continue;
    }
    // Neither section (`{}`): nothing the lock says, no edges either way.
    if (!lock.packages && !lock.dependencies) return undefined;
    const requires = new Map<string, Set<string>>();
    const installed = new Set<string>();
    const bins = new Map<string, string>();
    const add = (pkg: string, deps: unknown): void => {
      if (!deps || typeof deps !== 'object') return;
      const set = requires.get(pkg) ?? new Set<string>();
      for (const d of Object.keys(deps)) set.add(d);
      requires.set(pkg, set);
    };
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
      const i = key.lastIndexOf('node_modules/');
      if (i < 0) continue;
      const pkg = key.slice(i + 'node_modules/'.length);
      installed.add(pkg);
      for (const s of SECTIONS) add(pkg, entry[s]);
      // Only top-level copies are linked into node_modules/.bin, where a script's command is looked up.
      if (i === 0 && !pkg.includes('/node_modules/') && entry.bin && typeof entry.bin === 'object') for (const b of Object.keys(entry.bin)) if (!bins.has(b)) bins.set(b, pkg);
    }
    if (!lock.packages) {
      for (const [pkg, entry] of Object.entries(lock.dependencies ?? {})) {
        installed.add(pkg);
        add(pkg, entry.requires);
      }
    }
    return { file, requires, installed, peers: lock.packages !== undefined, ...(bins.size ? { bins } : {}), ...(lock.lockfileVersion !== undefined ? { lockfileVersion: lock.lockfileVersion } : {}) };
  }
  return undefined;
}

/**
 * The edges of the lock file beside a package.json, in the order package managers prefer them (package-lock.json,
 * npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock); undefined when none is readable or it records nothing.
 */
export function lockEdges(dir: string): LockEdges | undefined {
  return npmLockEdges(dir) ?? pnpmLockEdges(dir) ?? yarnLockEdges(dir);
}

/** The chain `a → b → pkg` by which `from` requires `pkg` in the lock, or undefined. */
export function lockChain(edges: LockEdges, from: string, pkg: string): string[] | undefined {
  const queue: string[][] = [[from]];
  const seen = new Set([from]);
  while (queue.length) {
    const chain = queue.shift()!;
    for (const d of edges.requires.get(chain[chain.length - 1]!) ?? []) {
      if (d === pkg) return [...chain, d];
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push([...chain, d]);
    }
  }
  return undefined;
}
