import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffLines } from 'diff';
import { removeRange, replaceRange, type Edit } from '../core/edit.js';
import { staleLockedDependencies } from './ranges.js';

/** The new lock text, or why the lock file cannot be kept in sync (then nothing is removed). */
export type LockSync = { ok: true; text: string; command: string } | { ok: false; reason: string };

const NPM_ARGS = ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'];
const LOCAL_SPEC = /^(?:file:|link:|workspace:|portal:|\.{1,2}\/|\/|~\/)/;
const TIMEOUT_MS = 180_000;

/** Whether a lock file is npm's (the only kind syncLock updates; it reads the others' names only). */
export function isNpmLock(lockName: string): boolean {
  return lockName === 'package-lock.json' || lockName === 'npm-shrinkwrap.json';
}

/**
 * Update a lock file to match an edited package.json the way its package manager does, in a temp copy of the
 * folder's package.json, lock and .npmrc, offline (the cache must hold what the lock needs): `npm install
 * --package-lock-only --offline --ignore-scripts`. The result is read back: same lockfileVersion, the root
 * entry's dependencies equal the new package.json's. Yarn, pnpm and bun locks are not updated here (their
 * results are not checked by composeshift): the answer says so and the caller keeps the package.
 */
export function syncLock(dir: string, lockName: string, pkgText: string, lockText: string): LockSync {
  if (!isNpmLock(lockName)) {
    const tool = lockName === 'yarn.lock' ? 'yarn' : lockName.startsWith('pnpm') ? 'pnpm' : 'bun';
    const found = onPath(tool);
    return {
      ok: false,
      reason: found
        ? `${lockName} would be left out of sync: composeshift updates only npm lock files (${tool} is at ${found}, but its lockfile-only result is not checked); remove it by hand and run \`${tool} install\``
        : `${lockName} would be left out of sync: ${tool} is not installed here to update it offline`,
    };
  }
  let pkg: Record<string, unknown>;
  let lock: Lock;
  try {
    pkg = JSON.parse(pkgText) as Record<string, unknown>;
    lock = JSON.parse(lockText) as typeof lock;
  } catch (err) {
    return { ok: false, reason: `${lockName} or package.json is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (pkg.workspaces !== undefined) return { ok: false, reason: 'package.json declares workspaces: the lock is shared with other packages and cannot be updated from a copy of this folder' };
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [name, spec] of Object.entries((pkg[section] as Record<string, unknown> | undefined) ?? {})) {
      if (typeof spec === 'string' && LOCAL_SPEC.test(spec)) return { ok: false, reason: `${section}.${name} is a local path (${spec}): the lock cannot be updated from a copy of this folder` };
    }
  }
  if (Object.values(lock.packages ?? {}).some((p) => p.link)) return { ok: false, reason: `${lockName} links local packages: it cannot be updated from a copy of this folder` };
  const stale = staleLockedDependencies(pkg, lock.packages ?? {})[0];
  if (stale) return { ok: false, reason: `${lockName} is already out of sync with package.json: ${stale.name} is locked at ${stale.locked}, outside ${stale.section} "${stale.range}" (npm ci refuses it); run \`npm install\` first` };

  const tmp = mkdtempSync(path.join(tmpdir(), 'composeshift-lock-'));
  // npm names a package.json without "name" after its folder: the copy's folder has the original's name.
  const work = path.join(tmp, path.basename(dir) || 'package');
  try {
    mkdirSync(work);
    writeFileSync(path.join(work, 'package.json'), pkgText);
    writeFileSync(path.join(work, lockName), lockText);
    if (isFile(path.join(dir, '.npmrc'))) copyFileSync(path.join(dir, '.npmrc'), path.join(work, '.npmrc'));
    // Keep the lock's own style: a user or global `omit-lockfile-registry-resolved` must not strip `resolved` URLs.
    const hasResolved = Object.values(lock.packages ?? {}).some((p) => typeof p.resolved === 'string');
    const args = [...NPM_ARGS, `--omit-lockfile-registry-resolved=${hasResolved ? 'false' : 'true'}`];
    const command = `npm ${NPM_ARGS.join(' ')}`;
    // node's own spawnSync with an argument array (no shell): execa would load on every plan that reads Node.
    const r = spawnSync('npm', args, { cwd: work, timeout: TIMEOUT_MS, env: { ...process.env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : String(r.stderr || r.stdout || `exit code ${r.status}`);
      return { ok: false, reason: `\`${command}\` failed: ${npmError(why)}` };
    }
    const text = readFileSync(path.join(work, lockName), 'utf8');
    const problem = checkLock(lock, text, pkg);
    if (problem) return { ok: false, reason: `\`${command}\` wrote a lock that does not read back: ${problem}` };
    return { ok: true, text, command };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

type LockEntry = { link?: boolean; resolved?: unknown; dependencies?: Record<string, string> } & Record<string, unknown>;
type Lock = { name?: unknown; version?: unknown; lockfileVersion?: unknown; packages?: Record<string, LockEntry> };
/** Flags npm recomputes when a package leaves the tree. */
const FLAGS = new Set(['dev', 'optional', 'devOptional', 'peer']);

/**
 * Why the new lock is not the old one minus what the removal drops, or undefined when it is: same lockfileVersion,
 * name and version, the root entry's dependencies equal package.json's, and every remaining entry unchanged but for dev/optional flags
 * (nothing re-resolved, no `resolved` or `integrity` lost: `npm ci --offline` needs them).
 */
function checkLock(before: Lock, text: string, pkg: Record<string, unknown>): string | undefined {
  let after: Lock;
  try {
    after = JSON.parse(text) as Lock;
  } catch {
    return 'not valid JSON';
  }
  if (after.lockfileVersion !== before.lockfileVersion) return `lockfileVersion changed from ${String(before.lockfileVersion)} to ${String(after.lockfileVersion)} (upgrade the lock on its own first)`;
  for (const [key, entry] of Object.entries(after.packages ?? {})) {
    if (key === '') continue;
    const old = before.packages?.[key];
    if (!old) return `it adds ${key}`;
    const strip = (e: LockEntry): string => JSON.stringify(Object.fromEntries(Object.entries(e).filter(([k]) => !FLAGS.has(k)).sort(([a], [b]) => a.localeCompare(b))));
    if (strip(old) !== strip(entry)) return `it changes ${key} beyond its dev/optional flags`;
  }
  const root = after.packages?.[''];
  if (!root) return 'no root entry ("packages": {"": …})';
  // The project's own name and version stay as they were (npm fills a missing one in from the folder).
  for (const [where, a, b] of [['the lock', after, before], ['its root entry', root, before.packages?.[''] ?? {}]] as const) {
    for (const k of ['name', 'version'] as const) if (a[k] !== b[k]) return `${where}'s ${k} changes from ${JSON.stringify(b[k])} to ${JSON.stringify(a[k])}`;
  }
  const want = (pkg.dependencies as Record<string, string> | undefined) ?? {};
  const got = root.dependencies ?? {};
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  for (const k of keys) if (want[k] !== got[k]) return `dependency ${k} is ${JSON.stringify(got[k])} in the lock, ${JSON.stringify(want[k])} in package.json`;
  return undefined;
}

/** The npm error lines of a failed run, without the log-file noise. */
function npmError(out: string): string {
  const lines = out.split(/\r?\n/).map((l) => l.replace(/^npm (?:ERR!|error) ?/, '').trim()).filter((l) => l && !/complete log of this run|^A complete log|^\s*$|\.npm\/_logs/.test(l));
  return lines.slice(0, 4).join(' | ') || 'no output';
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Absolute path of an executable on PATH, found without a shell. */
function onPath(bin: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!d) continue;
    const p = path.join(d, bin);
    if (existsSync(p) && isFile(p)) return p;
  }
  return undefined;
}

/** Text edits turning `before` into `after`, one per changed run of lines (the lock's diff, not a re-print). */
export function lineEdits(file: string, before: string, after: string): Edit[] {
  const edits: Edit[] = [];
  let off = 0;
  const parts = diffLines(before, after);
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.added) {
      edits.push(replaceRange(file, off, off, p.value));
      continue;
    }
    if (p.removed) {
      const next = parts[k + 1];
      if (next?.added) {
        edits.push(replaceRange(file, off, off + p.value.length, next.value));
        k++;
      } else edits.push(removeRange(file, off, off + p.value.length));
    }
    off += p.value.length;
  }
  return edits;
}
