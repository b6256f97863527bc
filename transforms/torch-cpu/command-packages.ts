import type { LinkedRequirements, PipInstall } from '../../src/dockerfile/index.js';
import type { Project } from '../../src/project/model.js';
import { parsedRequirements, parseRequirements } from '../../src/requirements/index.js';
import { TARGETS } from './types.js';

/** The pip commands (on the Dockerfile line) that install a requirements file: several only in one `&&` chain. */
export function installsOf(entry: LinkedRequirements, installs: readonly PipInstall[]): PipInstall[] {
  return entry.dockerfileLine === undefined ? [] : installs.filter((i) => i.line === entry.dockerfileLine && i.requirementFiles.length > 0);
}

/** Packages besides torch's own that one pip command installs: every file it reads (includes too) and its arguments. */
export function othersOf(entry: LinkedRequirements, all: readonly LinkedRequirements[], byPath: Map<string, LinkedRequirements>, project: Project, installs: readonly PipInstall[]): string[] {
  const names = new Set<string>();
  for (const r of all) {
    if (r.kind === 'constraint' || entryOf(r, byPath) !== entry) continue;
    const source = project.files.get(r.path);
    for (const l of source ? parsedRequirements(source).lines : []) {
      const n = l.kind === 'requirement' ? l.requirement?.name : undefined;
      if (n && !TARGETS.has(n.normalized)) names.add(n.text);
    }
  }
  for (const i of installs) {
    for (const p of i.packages) {
      const n = p.kind === 'requirement' ? parseRequirements(`${p.text}\n`).lines[0]?.requirement?.name : undefined;
      if (n && !TARGETS.has(n.normalized)) names.add(n.text);
    }
  }
  return [...names];
}

/** The file a `pip install -r` named, following includes back up. */
export function entryOf(r: LinkedRequirements, byPath: Map<string, LinkedRequirements>): LinkedRequirements {
  let cur = r;
  const seen = new Set<string>();
  while (cur.includedFrom && !seen.has(cur.path)) {
    seen.add(cur.path);
    const up = byPath.get(cur.includedFrom.path);
    if (!up) break;
    cur = up;
  }
  return cur;
}
