// Timing helpers for the benchmark: median of repeated runs, in-process or as child processes. Each figure has its
// wall time (ms) and its CPU time (cpuMs: user + sys of the whole process, all threads), which a busy machine disturbs less.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CPU_PRELOAD = fileURLToPath(new URL('./cpu-usage.cjs', import.meta.url));

/** Milliseconds since an hrtime mark. */
function msSince(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median wall time (ms) of `fn` over `runs` runs after `warmup` unmeasured ones. `fn` may be async.
 * @param {() => unknown} fn
 */
export async function timeMedian(fn, { runs = 15, warmup = 3 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(msSince(t0));
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times), runs };
}

/** Wall and CPU figures of one measured thing: medians, and the wall extremes. */
function figures(wall, cpu, runs) {
  return { ms: median(wall), min: Math.min(...wall), max: Math.max(...wall), cpuMs: median(cpu), cpuMin: Math.min(...cpu), runs };
}

/**
 * Median wall and CPU time (ms) of spawning each command `runs` times, interleaved so all see the same
 * machine load. Each command is an argument array (no shell); an exit code not in `ok` is an error. A node
 * command (`file` is process.execPath) is run with bench/cpu-usage.cjs preloaded, which reports the process's
 * own CPU time at exit; other commands get no CPU figure (cpuMs NaN).
 * @param {Record<string, string[]>} commands name → [file, ...args]
 */
export function spawnMedians(commands, { runs = 20, warmup = 2, cwd, ok = [0], stdout = 'pipe' } = {}) {
  const wall = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'composeshift-bench-cpu-'));
  const cpuFile = path.join(dir, 'cpu');
  try {
    for (let i = 0; i < warmup + runs; i++) {
      for (const [name, [file, ...args]] of Object.entries(commands)) {
        const node = file === process.execPath;
        rmSync(cpuFile, { force: true });
        const t0 = process.hrtime.bigint();
        const r = spawnSync(file, node ? ['--require', CPU_PRELOAD, ...args] : args, { cwd, stdio: ['ignore', stdout, 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, COMPOSESHIFT_BENCH_CPU: cpuFile } });
        const ms = msSince(t0);
        if (!ok.includes(r.status)) throw new Error(`${name} exited ${r.status}: ${r.stderr?.toString().trim()}`);
        if (i < warmup) continue;
        wall[name].push(ms);
        let c = NaN;
        try {
          c = node ? Number(readFileSync(cpuFile, 'utf8')) : NaN;
        } catch {
          // no figure written (the process did not exit through node's exit event)
        }
        cpu[name].push(c);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Object.fromEntries(Object.keys(commands).map((k) => [k, figures(wall[k], cpu[k], runs)]));
}

/**
 * Median wall and CPU time (ms) of several functions measured in turn within each round, so a load spike on
 * the machine hits all of them alike (ratios stay honest on a busy machine). CPU time is the process's (GC and
 * compiler threads included).
 * @param {Record<string, () => unknown>} fns
 */
export async function timeMediansInterleaved(fns, { runs = 15, warmup = 3 } = {}) {
  const wall = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await fn();
      const ms = msSince(t0);
      const c = process.cpuUsage(c0);
      if (i >= warmup) {
        wall[name].push(ms);
        cpu[name].push((c.user + c.system) / 1000);
      }
    }
  }
  return Object.fromEntries(Object.keys(fns).map((k) => [k, figures(wall[k], cpu[k], runs)]));
}
