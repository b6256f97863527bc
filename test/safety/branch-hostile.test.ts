import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIT_ENV, TEST_AUTHOR, commitAs, gitIn, initRepo, refusingPreCommit } from '../helpers/git-repo.js';
import { CONFIG, NEW, OLD, cleanTemps, cli, stats, tempDir, writeTree } from './project.js';

// `apply --branch` against real git in states a user's repository can be in (red-team round 2), through the real
// binary: each is exit 2 with one clear message and nothing written or committed, or a clean success.

afterAll(cleanTemps);

const ARGS = ['apply', '--usage', 'stats.txt', '-p', 'rt2b', '-q', '--branch', 'cs/mem'];

function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['rt2b']) });
  return dir;
}

async function repo(): Promise<string> {
  const dir = project();
  await initRepo(dir);
  return dir;
}

const run = (dir: string, args = ARGS) => cli(dir, args, GIT_ENV);
const compose = (dir: string) => readFileSync(path.join(dir, 'compose.yaml'), 'utf8');
const branches = async (dir: string) => (await gitIn(dir, ['branch', '--format=%(refname:short)'])).split('\n').filter(Boolean);

describe('apply --branch: what git refuses is one clear error, nothing written', () => {
  it('a folder in no repository (was: "git rev-parse --show-toplevel failed (exit 128)")', async () => {
    const dir = project();
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^composeshift: --branch needs a git repository: ${dir} is not in one \\(git: fatal: not a git repository.*\\); nothing was written$`));
    expect(compose(dir)).toBe(OLD);
  });

  it('a repository with no commit yet (was: "git rev-parse --verify HEAD failed … Needed a single revision")', async () => {
    const dir = project();
    await gitIn(dir, ['init', '-q', '-b', 'main']);
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`composeshift: --branch needs a commit to build the branch on: ${dir} has no commits yet (make a first commit); nothing was written`);
    expect(compose(dir)).toBe(OLD);
  });

  it("a failing pre-commit hook: git's reason is quoted, not buried under the commit message; all put back", async () => {
    const dir = await repo();
    await refusingPreCommit(dir, 'hook says no');
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `composeshift: git commit -q -m <message> --only -- ${path.join(dir, 'compose.yaml')} failed (exit 1): hook says no\n` +
        'nothing was written: the files, the index and the branch are as they were (on main; branch cs/mem removed)',
    );
    expect(compose(dir)).toBe(OLD);
    expect(await branches(dir)).toEqual(['main']);
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
  });

  it('the branch checked out in another work tree: refused (git switch -C moved it under that tree)', async () => {
    const dir = await repo();
    const other = tempDir();
    await gitIn(dir, ['branch', 'cs/mem']);
    await gitIn(dir, ['worktree', 'add', '-q', path.join(other, 'wt'), 'cs/mem']);
    const before = await gitIn(dir, ['rev-parse', 'cs/mem']);
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `composeshift: cs/mem is checked out in another work tree (${path.join(other, 'wt')}); composeshift rebuilds the branch, which would move it under that tree: switch that tree to another branch, or name another --branch. Nothing was written`,
    );
    expect(compose(dir)).toBe(OLD);
    expect(await gitIn(dir, ['rev-parse', 'cs/mem'])).toBe(before);
    expect(await gitIn(path.join(other, 'wt'), ['status', '--porcelain'])).toBe('');
  });

  it('a compose file git ignores: git add refuses, the branch is removed and the file keeps its bytes', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.gitignore'), 'compose.yaml\n');
    await initRepo(dir);
    const r = await run(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^composeshift: git add -- .*compose\.yaml failed \(exit 1\): The following paths are ignored/);
    expect(r.stderr).toMatch(/\nnothing was written: the files, the index and the branch are as they were \(on main; branch cs\/mem removed\)$/);
    expect(compose(dir)).toBe(OLD);
    expect(await branches(dir)).toEqual(['main']);
  });
});

describe('apply --branch: states that work', () => {
  it('detached HEAD: the branch is built on it, exit 0', async () => {
    const dir = await repo();
    const head = (await gitIn(dir, ['rev-parse', 'HEAD'])).trim();
    await gitIn(dir, ['switch', '-q', '--detach']);
    const r = await run(dir);
    expect(r.code).toBe(0);
    expect(compose(dir)).toBe(NEW);
    expect((await gitIn(dir, ['rev-parse', 'cs/mem~1'])).trim()).toBe(head);
  });

  it("the run's own --report in the tree does not make the next run's tree dirty (was: '?? report.md', exit 2)", async () => {
    const dir = await repo();
    const args = [...ARGS, '--report', 'report.md'];
    expect((await run(dir, args)).code).toBe(0);
    await gitIn(dir, ['switch', '-q', 'main']);
    writeFileSync(path.join(dir, 'stats.txt'), stats(['rt2b']).replace('100MiB', '120MiB'));
    await commitAs(dir, 'new stats', { paths: ['stats.txt'] });
    const again = await run(dir, args);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    // Any other untracked file still counts.
    await gitIn(dir, ['switch', '-q', 'main']);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    const dirty = await run(dir, args);
    expect(dirty.stderr).toBe('composeshift: the work tree has uncommitted changes; commit or stash them, or pass --allow-dirty:\n?? notes.txt');
    expect(dirty.code).toBe(2);
  });

  it('nothing to commit (already applied): exit 0, no branch made', async () => {
    const dir = await repo();
    writeFileSync(path.join(dir, 'compose.yaml'), NEW);
    await commitAs(dir, 'applied by hand', { author: TEST_AUTHOR });
    const r = await cli(dir, ARGS.filter((a) => a !== '-q'), GIT_ENV);
    expect(r.stderr).toBe('no changes; branch cs/mem left alone');
    expect(r.code).toBe(0);
    expect(await branches(dir)).toEqual(['main']);
  });
});
