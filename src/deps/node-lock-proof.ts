import path from 'node:path';
import { relPath } from '../core/source.js';
import type { LockEdges } from '../node/lock-edges.js';
import { namedPeer } from './node-named-peers.js';
import { NODE_CANDIDATES } from './node-transitive.js';
import type { DepFinding } from './types.js';

/** What the lock-proof rule needs to know about a package.json. */
export interface LockContext {
  root: string;
  /** The package.json, relative to the root. */
  manifest: string;
  /** The lock file beside it (absolute), whether or not it could be read. */
  lock?: string;
  /** Without one beside it: a lock in a folder above (a workspace root's, relative to the root), which is not read for it. */
  outerLock?: string;
  /** Its edges; undefined when there is no lock or it is not read (bun.lock, an empty lock). */
  edges: LockEdges | undefined;
}

/**
 * A removal candidate (`unused`, `test-only`) is removable only when the lock file shows that no kept declared
 * package requires, peer-depends or optionally depends on it (src/deps/node-transitive.ts has applied the edges).
 * Where the lock cannot show that, the candidate is `unverified`, never removed, with the exact reason: no lock
 * (nothing records which kept package needs it: a loader's peer, an optional peer installed only because it is
 * declared), a lock composeshift does not read, one that records no peers (npm lockfileVersion 1, Yarn 1), or one
 * that does not record the candidate or a kept package (out of date with package.json).
 */
export function requireLockProof(findings: DepFinding[], ctx: LockContext): void {
  const candidates = findings.filter((f) => f.declared && NODE_CANDIDATES.has(f.class));
  if (!candidates.length) return;
  const kept = findings.filter((f) => f.declared && !NODE_CANDIDATES.has(f.class));
  const { edges } = ctx;
  const lockRel = ctx.lock ? relPath(ctx.root, ctx.lock) : undefined;
  for (const f of candidates) {
    const why = reason(f, kept, ctx, lockRel);
    if (!why) continue;
    const peer = edges ? undefined : namedPeer(f, kept);
    f.class = 'unverified';
    f.evidence = `${f.evidence}; but ${why}${peer ? ` (${peer})` : ''}: kept; ${remedy(ctx, lockRel)}`;
  }
}

function reason(f: DepFinding, kept: readonly DepFinding[], ctx: LockContext, lockRel: string | undefined): string | undefined {
  const { edges } = ctx;
  if (!lockRel) return `no lock file beside ${ctx.manifest}${ctx.outerLock ? ` (${ctx.outerLock}, a workspace root's, is not read for it)` : ''}: which kept package requires or peer-depends on ${f.package} cannot be read`;
  if (!edges) return `${lockRel} ${/bun\.lockb?$/.test(lockRel) ? 'is not read by composeshift (a bun lock)' : 'records no packages'}: which kept package requires or peer-depends on ${f.package} cannot be read`;
  if (!edges.peers) {
    const yarn = path.basename(edges.file) === 'yarn.lock';
    return `${lockRel} (${yarn ? 'Yarn 1' : `lockfileVersion ${edges.lockfileVersion ?? 1}`}) records no peerDependencies, so a kept package may peer-depend on ${f.package}`;
  }
  if (!edges.installed.has(f.package)) return `${lockRel} does not record ${f.package} (out of date with ${ctx.manifest}): which kept package requires or peer-depends on it cannot be read`;
  const unknown = kept.filter((k) => !edges.installed.has(k.package)).map((k) => k.package);
  if (unknown.length) return `${lockRel} does not record the kept ${list(unknown)} (out of date with ${ctx.manifest}), so what ${unknown.length > 1 ? 'they require' : 'it requires'} cannot be read`;
  return undefined;
}

function remedy(ctx: LockContext, lockRel: string | undefined): string {
  if (!lockRel) return ctx.outerLock ? 'remove it by hand and update the workspace lock' : 'commit a lock (npm install --package-lock-only) to decide';
  if (!ctx.edges) return 'commit a package-lock.json, pnpm-lock.yaml or yarn.lock to decide';
  if (!ctx.edges.peers) return path.basename(ctx.edges.file) === 'yarn.lock' ? 'Yarn 1 never installs an undeclared peer; a Yarn 2+ lock records peers' : 'regenerate the lock with npm 7 or later (lockfileVersion 2/3) to decide';
  return 'bring the lock up to date (`npm install`, `pnpm install` or `yarn`) to decide';
}

function list(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}
