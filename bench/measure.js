// Timing helpers for the benchmark: median of repeated runs, in-process or as child processes.
import { spawnSync } from 'node:child_process';

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

/**
 * Median wall time (ms) of spawning each command `runs` times, interleaved so both see the same
 * machine load. Each command is an argument array (no shell); an exit code not in `ok` is an error.
 * @param {Record<string, string[]>} commands name → [file, ...args]
 */
export function spawnMedians(commands, { runs = 20, warmup = 2, cwd, ok = [0] } = {}) {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, [file, ...args]] of Object.entries(commands)) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      const ms = msSince(t0);
      if (!ok.includes(r.status)) throw new Error(`${name} exited ${r.status}: ${r.stderr?.toString().trim()}`);
      if (i >= warmup) times[name].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { ms: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs }]));
}

/**
 * Median wall time (ms) of several functions measured in turn within each round, so a load spike on
 * the machine hits all of them alike (ratios stay honest on a busy machine).
 * @param {Record<string, () => unknown>} fns
 */
export async function timeMediansInterleaved(fns, { runs = 15, warmup = 3 } = {}) {
  const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = 0; i < warmup + runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = process.hrtime.bigint();
      await fn();
      if (i >= warmup) times[name].push(msSince(t0));
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, { ms: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs }]));
}
