import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const BIN = fileURLToPath(new URL('../../bin/composeshift.js', import.meta.url));
export const DIST_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

/** The compose file of one service at 128M, before and after a run (the policy raises 128M → 192M). */
export const OLD = 'services:\n  app:\n    image: busybox\n    mem_limit: 128M # keep this comment\n';
export const NEW = OLD.replace('128M', '192M');
export const CONFIG = 'policies:\n  - transform: memory-limits\n    when: { usageAbove: 50% }\n    set: { limit: 192M }\n';

/** docker stats rows: service `app` of each project at 100 MiB of 128 MiB (78%). */
export function stats(projects: readonly string[]): string {
  return ['NAME   MEM USAGE / LIMIT', ...projects.map((p) => `${p}-app-1   100MiB / 128MiB`)].join('\n') + '\n';
}

const made: string[] = [];

/** A fresh temp folder (prefix safety-), removed by cleanTemps. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-safety-'));
  made.push(dir);
  return dir;
}

/** Remove every temp folder made (undoing chattr +i first would be the caller's job). */
export function cleanTemps(): void {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
}

/** Write files (relative path → text) under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/**
 * `n` compose projects p000.. under root, each one service at 128M, with the config and the stats: one
 * `apply --recursive --usage stats.txt` changes exactly n files.
 */
export function manyProjects(root: string, n: number): string[] {
  const names = Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, '0')}`);
  const files: Record<string, string> = { 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(names) };
  for (const p of names) files[`${p}/compose.yaml`] = OLD;
  writeTree(root, files);
  return names.map((p) => `${p}/compose.yaml`);
}

/** Run the real binary (dist/ built by `npm ci` / `npm run build`). */
export async function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = await execa('node', [BIN, ...args], { cwd, env: { NO_COLOR: '1', ...env }, reject: false });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}
