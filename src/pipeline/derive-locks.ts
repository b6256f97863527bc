import path from 'node:path';
import type { Edit } from '../core/edit.js';
import type { Change } from '../core/finding.js';
import { lockFileOf } from '../deps/node-service.js';
import { isNpmLock, lineEdits, syncLock } from '../node/lock-sync.js';
import { fileReader } from '../project/load.js';
import type { Project } from '../project/model.js';
import type { DerivedRequest } from '../transform/types.js';
import { applyFileEdits } from './apply-edits.js';
import type { RunResult } from './run-transforms.js';

/**
 * The derive stage: runs after a pass's transforms (and its conflicts are settled), before the pass's edits are
 * applied and long before verify. Each `lock-sync` request's lock file is brought in line with the manifest's new
 * text by its package manager, offline, in a temp copy (src/node/lock-sync.ts); the lock's diff joins the edits as
 * the requesting transform's, with an `update <lock>` change before the removals it follows. When that cannot be
 * done, the removal is not made: the requesting transform's edits of the manifest and its changes there are
 * dropped and a `dep-lock-sync-failed` warning says why. A manifest without a lock beside it needs nothing.
 */
export function deriveLocks(project: Project, result: RunResult, requests: readonly DerivedRequest[]): RunResult {
  if (!requests.length) return result;
  let { edits, changes } = result;
  const findings = [...result.findings];
  const read = fileReader(project.root, project.files);
  for (const [manifest, asks] of byManifest(requests)) {
    const source = project.files.get(manifest);
    if (!source) throw new Error(`lock-sync request for a file that was not read: ${manifest}`);
    const transforms = new Set(asks.map((q) => q.transform));
    const packages = [...new Set(asks.flatMap((q) => q.packages))];
    const services = [...new Set(asks.flatMap((q) => q.services))];
    const mine = (c: Change): boolean => transforms.has(c.transform) && c.file === source.rel;
    const lock = lockFileOf(path.dirname(manifest));
    if (!lock) continue;
    const after = applyFileEdits(source, source.text, edits.filter((e) => e.file === manifest));
    const lockAbs = path.join(path.dirname(manifest), lock.file);
    // Only an npm lock is read (bun.lockb is binary; yarn and pnpm locks are refused by name).
    const lockSource = isNpmLock(lock.file) ? read(lockAbs) : undefined;
    const sync = syncLock(path.dirname(manifest), lock.file, after, lockSource?.text ?? '');
    if (!sync.ok) {
      edits = edits.filter((e) => !(e.file === manifest && transforms.has(e.transform!)));
      changes = changes.filter((c) => !mine(c));
      findings.push({ transform: asks[0]!.transform, level: 'warn', code: 'dep-lock-sync-failed', message: `${source.rel}: not removing ${packages.join(', ')}: ${sync.reason}`, file: source.rel, evidence: sync.reason });
      continue;
    }
    const lockEdits: Edit[] = lineEdits(lockAbs, lockSource!.text, sync.text).map((e) => ({ ...e, transform: asks[0]!.transform }));
    const note = `; ${lockSource!.rel} updated by \`${sync.command}\``;
    changes = changes.map((c) => (mine(c) && c.value.kind === 'requirement-removed' ? { ...c, reason: c.reason + note } : c));
    if (!lockEdits.length) continue;
    edits = [...edits, ...lockEdits];
    const update: Change = {
      transform: asks[0]!.transform,
      service: services.join(', '),
      file: lockSource!.rel,
      line: 1,
      what: `update ${lock.file}`,
      value: { kind: 'lock-updated', lockFile: lockSource!.rel },
      before: `${lock.file} with ${packages.join(', ')}`,
      after: `${lock.file} without them`,
      reason: `keeps the lock in sync with ${source.rel} (\`${sync.command}\` in a temp copy)`,
      expect: [],
    };
    // Listed before the removals it follows, as one row group per manifest.
    const at = changes.findIndex(mine);
    changes = at < 0 ? [...changes, update] : [...changes.slice(0, at), update, ...changes.slice(at)];
  }
  return { edits, changes, findings };
}

/** Requests grouped by manifest, in request order: two transforms removing from one package.json share its lock. */
function byManifest(requests: readonly DerivedRequest[]): Map<string, DerivedRequest[]> {
  const out = new Map<string, DerivedRequest[]>();
  for (const q of requests) if (q.kind === 'lock-sync') out.set(q.manifest, [...(out.get(q.manifest) ?? []), q]);
  return out;
}
