import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO } from '../fixtures/e2e/helpers.js';
import { gitIn, initRepo, refusingPreCommit, useGitEnv } from '../helpers/git-repo.js';
import { cleanTemps, CONFIG, NEW, OLD, stats, tempDir, writeTree } from './project.js';

// `apply --branch`: exit 2 means nothing written. Whatever fails (the write, the commit, a pre-commit hook),
// the files, the index and the checked-out branch are put back as they were, and the new branch is deleted.

useGitEnv();
afterEach(cleanTemps);

const BRANCH = 'composeshift/memory';
const ARGS = ['apply', '.', '-p', 'one', '--usage', 'stats.txt', '--branch', BRANCH];

/** A real repository on main with the project committed; `.git/hooks/pre-commit` exits 1 when `failingHook`. */
async function repo(failingHook: boolean): Promise<string> {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['one']), 'NOTES.md': 'notes\n' });
  await initRepo(dir);
  if (failingHook) await refusingPreCommit(dir, 'pre-commit: style check failed');
  return dir;
}

async function state(dir: string) {
  return {
    branch: (await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim(),
    branches: (await gitIn(dir, ['branch', '--list', '--format=%(refname:short)'])).trim(),
    head: (await gitIn(dir, ['rev-parse', 'HEAD'])).trim(),
    status: await gitIn(dir, ['status', '--porcelain']),
    staged: await gitIn(dir, ['diff', '--cached', '--name-status']),
  };
}

describe('apply --branch puts everything back on a failure', () => {
  it('a failing pre-commit hook: exit 2, the file, the index and the branch as before, the new branch deleted', async () => {
    const dir = await repo(true);
    const before = await state(dir);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    expect(c.err()).toContain('pre-commit: style check failed');
    expect(c.err()).toContain(`nothing was written: the files, the index and the branch are as they were (on main; branch ${BRANCH} removed)`);
    expect(c.err()).not.toContain('internal error');
    expect(await state(dir)).toEqual(before);
    expect(before.branches).toBe('main');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('with --allow-dirty, the user\'s own staged change stays staged and uncommitted after the failure', async () => {
    const dir = await repo(true);
    writeFileSync(path.join(dir, 'NOTES.md'), 'notes, edited\n');
    await gitIn(dir, ['add', 'NOTES.md']);
    const before = await state(dir);
    expect(before.staged).toBe('M\tNOTES.md');
    const c = captureIO(dir);
    expect(await run([...ARGS, '--allow-dirty'], c.io)).toBe(2);
    expect(await state(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('a write that fails (a read-only file) after the branch was created: exit 2, back on main, no branch left', async () => {
    const dir = await repo(false);
    chmodSync(path.join(dir, 'compose.yaml'), 0o444);
    const before = await state(dir);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    expect(c.err()).toContain('compose.yaml: file is read-only (mode 0444)');
    expect(await state(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('a passing commit still writes and commits only composeshift\'s file; the user\'s staged change stays staged', async () => {
    const dir = await repo(false);
    writeFileSync(path.join(dir, 'NOTES.md'), 'notes, edited\n');
    await gitIn(dir, ['add', 'NOTES.md']);
    const c = captureIO(dir);
    expect(await run([...ARGS, '--allow-dirty'], c.io), c.err()).toBe(0);
    const after = await state(dir);
    expect(after.branch).toBe(BRANCH);
    expect((await gitIn(dir, ['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe('compose.yaml');
    expect(after.staged).toBe('M\tNOTES.md');
    expect(after.status).toBe('M  NOTES.md');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
  });
});
