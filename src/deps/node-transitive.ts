import { relPath } from '../core/source.js';
import { lockChain, type LockEdges } from '../node/lock-edges.js';
import type { DepFinding } from './types.js';

/** Classes a policy may remove (`unused`, and `test-only` with `include: [test-only]`): the candidates a lock must clear. */
export const NODE_CANDIDATES: ReadonlySet<string> = new Set(['unused', 'test-only']);

/**
 * Declared removal candidates (`unused`, `test-only`) that a kept declared package depends on, peer-depends on or
 * optionally depends on in the lock file (exact edges the package manager resolved) become `transitive`: removing
 * them from package.json would leave a peer unmet or only drop the pin. Repeated until nothing changes (a rescued
 * package is kept and may require others). What the lock cannot clear is src/deps/node-lock-proof.ts's business.
 */
export function lockTransitive(findings: DepFinding[], edges: LockEdges | undefined, root: string): void {
  if (!edges) return;
  for (let changed = true; changed; ) {
    changed = false;
    const kept = findings.filter((f) => f.declared && !NODE_CANDIDATES.has(f.class));
    for (const f of findings) {
      if (!f.declared || !NODE_CANDIDATES.has(f.class)) continue;
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
}
