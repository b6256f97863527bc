import type { IO } from '../../src/cli/io.js';

/** An in-process run's IO and what it wrote. */
export interface MemoryIO {
  io: IO;
  out: () => string;
  err: () => string;
}

/**
 * An IO for `run(argv, io)` in-process: stdout and stderr collected apart, never a TTY, the environment `env`
 * (default: none, so the machine's NO_COLOR or COLUMNS never reach the run) and a terminal width when `columns`.
 */
export function memoryIO(cwd: string, opts: { env?: NodeJS.ProcessEnv; columns?: number } = {}): MemoryIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (s: string) => out.push(s), isTTY: false, columns: opts.columns },
      stderr: { write: (s: string) => err.push(s), isTTY: false, columns: opts.columns },
      env: opts.env ?? {},
      cwd,
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}
