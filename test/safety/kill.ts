import { execa, type ResultPromise } from 'execa';
import { BIN } from './project.js';

/** A running `composeshift` (own process group) whose stderr is watched for the test hook's phase lines. */
export interface Running {
  proc: ResultPromise;
  /** Resolves when stderr has shown this text (rejects if the process ends first). */
  saw(text: string): Promise<void>;
  /** SIGKILL to the whole process group. */
  kill(): void;
}

/** Start the real binary with COMPOSESHIFT_TEST_SLOW_MS (a pause before each temp write and each rename). */
export function start(cwd: string, args: string[], slowMs: number): Running {
  const proc = execa('node', [BIN, ...args], { cwd, env: { NO_COLOR: '1', COMPOSESHIFT_TEST_SLOW_MS: String(slowMs) }, reject: false, detached: true });
  let err = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  proc.stderr!.on('data', (b: Buffer) => {
    err += b.toString();
    for (const w of waiting.splice(0)) (err.includes(w.text) ? w.resolve() : waiting.push(w));
  });
  const ended = proc.then(() => undefined);
  return {
    proc,
    saw: (text) =>
      new Promise<void>((resolve, reject) => {
        if (err.includes(text)) return resolve();
        waiting.push({ text, resolve });
        void ended.then(() => (err.includes(text) ? resolve() : reject(new Error(`the process ended without printing "${text}":\n${err}`))));
      }),
    kill: () => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** A seeded PRNG (mulberry32): the same moments every run, printed with each trial. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
