import { execa } from 'execa';
import { chmod, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

// Real git repositories for tests, in folders the caller made (and removes): no global or system config is read,
// so the machine's identity, hooks or defaults never leak in, and no identity is configured in the repository
// either: a test's own commits name their author per command, and composeshift's commits fall back to its own.

/** An environment where git reads no user or system config (so no identity leaks in from the machine). */
export const GIT_ENV: Record<string, string> = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** Run git in a folder with GIT_ENV; its stdout, or a rejection when git exits non-zero. */
export async function gitIn(dir: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd: dir, env: GIT_ENV });
  return String(r.stdout);
}

/** Who makes a test's own commit. */
export interface Author {
  name: string;
  email: string;
}

/** The author of a test's commits unless it names another. */
export const TEST_AUTHOR: Author = { name: 'Test Author', email: 'test@example.com' };

/** Stage `paths` (every change in the work tree when none) and commit them as `author`, identity given with -c only. */
export async function commitAs(dir: string, message: string, opts: { paths?: string[]; author?: Author } = {}): Promise<void> {
  const { paths = [], author = TEST_AUTHOR } = opts;
  await gitIn(dir, paths.length > 0 ? ['add', '--', ...paths] : ['add', '-A']);
  await gitIn(dir, ['-c', `user.name=${author.name}`, '-c', `user.email=${author.email}`, 'commit', '-q', '-m', message]);
}

/** Make `dir` (holding its files already) a repository on `main` with everything committed as `initial`. */
export async function initRepo(dir: string, author: Author = TEST_AUTHOR): Promise<void> {
  await gitIn(dir, ['init', '-q', '-b', 'main']);
  await commitAs(dir, 'initial', { author });
}

/** Create a bare repository at `bare` (an absolute path, on `main`), add it to `dir` as `origin` and push main to it. */
export async function addBareOrigin(dir: string, bare: string): Promise<void> {
  await gitIn(dirname(bare), ['init', '-q', '--bare', '-b', 'main', bare]);
  await gitIn(dir, ['remote', 'add', 'origin', bare]);
  await gitIn(dir, ['push', '-q', 'origin', 'main']);
}

/** Install `.git/hooks/pre-commit` in `dir`: it prints `message` on stderr and exits 1, so every commit is refused. */
export async function refusingPreCommit(dir: string, message: string): Promise<void> {
  const hook = join(dir, '.git/hooks/pre-commit');
  await writeFile(hook, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`);
  await chmod(hook, 0o755);
}

/**
 * Call at the top of a test file whose code under test runs git itself: process.env takes GIT_ENV before the file's
 * tests (composeshift's git calls inherit this process's environment) and gets its old values back after them.
 */
export function useGitEnv(): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(GIT_ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}
