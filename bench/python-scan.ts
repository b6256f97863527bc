import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { scanImportsBytes } from '../src/python/scan-imports.js';

/** Folders of the stdlib left out of the corpus: test suites (some hold bad syntax on purpose) and installed packages. */
const SKIP_DIRS = new Set(['test', 'tests', 'idle_test', 'site-packages', 'dist-packages', '__pycache__']);

/** Absolute path of the local python3's stdlib. */
export async function stdlibDir(python = 'python3'): Promise<string> {
  const { stdout } = await execa(python, ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]);
  return stdout.trim();
}

/** Every `.py` file of the local stdlib outside test and package folders, sorted (deterministic). */
export async function stdlibCorpus(python = 'python3'): Promise<string[]> {
  const root = await stdlibDir(python);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!SKIP_DIRS.has(ent.name)) walk(p);
      } else if (ent.isFile() && ent.name.endsWith('.py')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Scanning speed over the local stdlib corpus: files are read into memory first, then scanned (bytes → decode →
 * imports) `rounds` times; the best round counts (least disturbed by GC and other load). `cpuMbPerSec` uses the
 * process's CPU time instead of wall time: steadier on a shared, busy machine.
 */
export async function benchPythonScan(
  rounds = 10,
): Promise<{ files: number; bytes: number; seconds: number; mbPerSec: number; cpuMbPerSec: number }> {
  const files = (await stdlibCorpus()).map((f) => readFileSync(f));
  const bytes = files.reduce((n, b) => n + b.length, 0);
  let best = Infinity;
  let bestCpu = Infinity;
  let found = 0;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const b of files) found += scanImportsBytes(b).imports.length;
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    best = Math.min(best, s);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  }
  if (found === 0) throw new Error('benchPythonScan: no imports found in the corpus');
  return { files: files.length, bytes, seconds: best, mbPerSec: bytes / 1e6 / best, cpuMbPerSec: bytes / 1e6 / bestCpu };
}
