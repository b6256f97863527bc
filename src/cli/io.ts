/** Where the CLI reads and writes: injectable so tests run it in-process. */
export interface IO {
  /** `columns`: a terminal's width (Node sets it on a TTY); the output is fitted to it. */
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The real process's streams. */
export function processIO(): IO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Exit codes, as ESLint and Prettier use them. */
export const EXIT = { ok: 0, changes: 1, error: 2 } as const;
