import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { registry } from '../../transforms/index.js';
import { planRun, type Plan, type RunOptions } from '../../src/pipeline/session.js';

const made: string[] = [];

/** Remove every temp project a test made. */
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

/** Write a folder of files (relative path → content) into a fresh temp dir; removed after the test. */
export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-test-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** Read a file of a temp project. */
export function readRel(dir: string, rel: string): string {
  return readFileSync(path.join(dir, rel), 'utf8');
}

/** Plan a temp project and return the new text of each changed file (relative path → text). */
export async function planFiles(dir: string, opts: Partial<RunOptions> = {}): Promise<{ plan: Plan; out: Record<string, string> }> {
  const plan = await planRun({ root: dir, cwd: dir, ...opts }, registry);
  const out: Record<string, string> = {};
  for (const f of plan.files) out[f.source.rel] = f.after;
  return { plan, out };
}

/** A docker stats table for containers named `<project>-<service>-1`, usage in MiB. */
export function statsTable(project: string, usage: Record<string, [number, number]>): string {
  const rows = Object.entries(usage).map(([svc, [used, limit]]) => `abc123   ${project}-${svc}-1   0.10%   ${used}MiB / ${limit}MiB   ${((used / limit) * 100).toFixed(2)}%`);
  return ['CONTAINER ID   NAME   CPU %   MEM USAGE / LIMIT   MEM %', ...rows].join('\n') + '\n';
}
