import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';
import { declaredNames, isManifest, normName } from './declared-names.js';
import { materialise } from './materialise.js';

/** One repository of repos.json. */
export interface RepoEntry {
  name: string;
  repo: string;
  commit: string;
  license: string;
  paths: string[];
  args: string[];
  lockFiles: string[];
  lockPairs: [string, string][];
  /**
   * Files written over the materialised tree before the run (path → text), for repositories whose compose file only
   * names a published image: a compose file with the `build:` their docs give. Not judged (not in `pristine`).
   */
  overlay?: Record<string, string>;
}

/** One hand label of labels/<name>.json. */
export interface Label {
  package: string;
  ecosystem: 'python' | 'node';
  label: 'needed' | 'unused';
  class: string;
  service: string;
  file: string;
  line: number;
  evidence: string;
}

/** A package that left a manifest during the run. */
export interface Removal {
  file: string;
  package: string;
  label?: Label;
}

/** What one repository's audit + apply did. */
export interface RepoResult {
  auditExit: number;
  applyExit: number;
  applyErr: string;
  pristine: Map<string, Buffer>;
  missingBlobs: string[];
  changed: string[];
  removals: Removal[];
  /** Labelled-needed packages the audit classed `unused` (a wrong finding, even when nothing is removed). */
  neededFlaggedUnused: Label[] | undefined;
  seconds: number;
  /** CPU seconds of this process (the CLI runs in-process; git and npm children not counted). */
  cpuSeconds: number;
}

const capture = (cwd: string) => memoryIO(cwd, { env: { NO_COLOR: '1' } });

function key(file: string, name: string, ecosystem: 'python' | 'node'): string {
  return `${file}\0${normName(name, ecosystem)}`;
}

/** The labelled packages the audit JSON classes `unused`; undefined when its shape is not the one known. */
function flaggedUnused(auditJson: string, labels: Label[]): Label[] | undefined {
  try {
    const audit = JSON.parse(auditJson) as { services: { declared: { package: string; ecosystem: 'python' | 'node'; file: string; class: string }[] }[] };
    // A file shared by several services is judged as a removal is: only when every service that declares it says unused.
    const classes = new Map<string, Set<string>>();
    for (const s of audit.services) {
      for (const d of s.declared) {
        const k = key(d.file, d.package, d.ecosystem);
        classes.set(k, (classes.get(k) ?? new Set<string>()).add(d.class));
      }
    }
    const allUnused = (k: string) => {
      const c = classes.get(k);
      return c !== undefined && c.size === 1 && c.has('unused');
    };
    return labels.filter((l) => l.label === 'needed' && allUnused(key(l.file, l.package, l.ecosystem)));
  } catch {
    return undefined;
  }
}

function currentBytes(abs: string): Buffer | undefined {
  return existsSync(abs) && lstatSync(abs).isFile() ? readFileSync(abs) : undefined;
}

/** Materialise the repository's commit into `dir`, run `audit --format json` and `apply -t unused-deps`, and diff. */
export async function runRepo(entry: RepoEntry, gitDir: string, dir: string, labels: Label[]): Promise<RepoResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  mkdirSync(dir, { recursive: true });
  const { files: pristine, missing } = await materialise(gitDir, entry.commit, entry.paths, dir);
  for (const [rel, text] of Object.entries(entry.overlay ?? {})) {
    writeFileSync(path.join(dir, rel), text);
    pristine.delete(rel);
  }
  const audit = capture(dir);
  const auditExit = await run(['audit', dir, ...entry.args, '--format', 'json'], audit.io);
  const apply = capture(dir);
  const applyExit = await run(['apply', dir, ...entry.args, '-t', 'unused-deps', '--json'], apply.io);
  const byKey = new Map(labels.map((l) => [key(l.file, l.package, l.ecosystem), l]));
  const changed: string[] = [];
  const removals: Removal[] = [];
  for (const [rel, before] of pristine) {
    const after = currentBytes(path.join(dir, rel));
    if (after && after.equals(before)) continue;
    changed.push(rel);
    if (!isManifest(rel)) continue;
    const kept = declaredNames(rel, after?.toString('utf8') ?? '');
    for (const name of declaredNames(rel, before.toString('utf8'))) {
      if (kept.has(name)) continue;
      const eco = path.basename(rel) === 'package.json' ? 'node' : 'python';
      removals.push({ file: rel, package: name, label: byKey.get(key(rel, name, eco)) });
    }
  }
  return {
    auditExit,
    applyExit,
    applyErr: apply.err(),
    pristine,
    missingBlobs: missing,
    changed,
    removals,
    neededFlaggedUnused: flaggedUnused(audit.out(), labels),
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (() => {
      const used = process.cpuUsage(cpu);
      return (used.user + used.system) / 1e6;
    })(),
  };
}
