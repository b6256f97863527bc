import path from 'node:path';
import { relPath } from '../core/source.js';
import { lockChain, type LockEdges } from '../node/lock-edges.js';
import type { DepFinding } from './types.js';

/**
 * Declared packages classed `unused` that a kept declared package depends on, peer-depends on or optionally depends
 * on in the lock file (exact edges the package manager resolved) become `transitive`: removing them from package.json
 * would leave a peer unmet or only drop the pin. Repeated until nothing changes (a rescued package is kept and may
 * require others). With a lockfileVersion 1 lock (no peer edges) the rest are `unverified`, never removed.
 */
export function lockTransitive(findings: DepFinding[], edges: LockEdges | undefined, root: string): void {
  if (!edges) return;
  const gone = new Set(['unused', 'test-only']);
  for (let changed = true; changed; ) {
    changed = false;
    const kept = findings.filter((f) => f.declared && !gone.has(f.class));
    for (const f of findings) {
      if (!f.declared || f.class !== 'unused') continue;
      for (const k of kept) {
        const chain = lockChain(edges, k.package, f.package);
        if (!chain) continue;
        f.class = 'transitive';
        f.via = k.package;
        f.evidence = `required by ${k.package} (${k.file}:${k.line}; ${chain.join(' → ')}, from the dependencies/peerDependencies of ${relPath(root, edges.file)}); removing it from package.json would not uninstall it, and a peer would be unmet`;
        changed = true;
        break;
      }
    }
  }
  if (edges.peers) return;
  // A lockfileVersion 1 npm lock or a Yarn 1 lock lists dependencies only: a kept package may peer-depend on any of the rest.
  const yarn = path.basename(edges.file) === 'yarn.lock';
  const regenerate = yarn ? 'Yarn 1 never installs an undeclared peer; a Yarn 2+ lock records peers' : 'regenerate the lock with npm 7 or later (lockfileVersion 2/3) to decide';
  for (const f of findings) {
    if (!f.declared || f.class !== 'unused') continue;
    f.class = 'unverified';
    f.evidence = `${f.evidence}; but ${relPath(root, edges.file)} (${yarn ? 'Yarn 1' : `lockfileVersion ${edges.lockfileVersion ?? 1}`}) records no peerDependencies, so a kept package may peer-depend on ${f.package}: kept; ${regenerate}`;
  }
}
