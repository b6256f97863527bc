import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO, missionRepo } from '../fixtures/e2e/helpers.js';
import { addBareOrigin, commitAs, gitIn, refusingPreCommit, useGitEnv, type Author } from '../helpers/git-repo.js';
import { removeDir, tempDir } from './engine.js';

// `apply --branch NAME --push`, the Renovate way, against a real bare remote (`git init --bare` in a temp dir).
// No engine: usage comes from a saved `docker stats` file outside the repository.
const PROJECT = 'csx-saved';
const BRANCH = 'composeshift/memory';
const ARGS = ['apply', '.', '--usage', '../stats.txt', '--branch', BRANCH, '--push'];
const SOMEONE_ELSE: Author = { name: 'Someone Else', email: 'else@example.com' };

describe('apply --branch --push (git, a local bare remote)', () => {
  const dirs: string[] = [];
  useGitEnv();
  afterEach(async () => {
    while (dirs.length) await removeDir(dirs.pop());
  });

  /** top/repo (mission project on main, origin = top/remote.git with main pushed), top/stats.txt. */
  async function setup(): Promise<{ top: string; dir: string; bare: string }> {
    const top = await tempDir('push');
    dirs.push(top);
    const dir = await missionRepo(top, PROJECT);
    const bare = join(top, 'remote.git');
    await addBareOrigin(dir, bare);
    return { top, dir, bare };
  }
  const remoteSha = async (bare: string) => (await gitIn(bare, ['rev-parse', '--verify', '-q', `refs/heads/${BRANCH}`]).catch(() => '')).trim();
  const sha = async (dir: string, ref: string) => (await gitIn(dir, ['rev-parse', ref])).trim();
  /** hog40 now uses 70 MiB too: a second change appears on the next run. */
  const moreUsage = async (top: string) => {
    const stats = await readFile(join(top, 'stats.txt'), 'utf8');
    await writeFile(join(top, 'stats.txt'), stats.replace('41.02MiB / 128MiB   32.05%', '70.50MiB / 128MiB   55.08%'));
  };

  it('pushes the branch: one commit on top of main, the remote at the local commit', async () => {
    const { dir, bare } = await setup();
    const c = captureIO(dir);
    expect(await run(ARGS, c.io), c.err()).toBe(0);
    const local = await sha(dir, BRANCH);
    expect(await remoteSha(bare)).toBe(local);
    expect(await sha(bare, `${BRANCH}~1`)).toBe(await sha(dir, 'main'));
    expect(c.err()).toContain(`pushed ${local.slice(0, 12)} to origin ${BRANCH} (new branch)`);
    expect(await gitIn(bare, ['show', `${BRANCH}:compose.yaml`])).toContain('memory: 192M   # tier: small');
  });

  it('a re-run with new changes rebuilds the branch on the current main and pushes it with the lease', async () => {
    const { top, dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    // main moves on (an unrelated commit), and the facts change.
    await gitIn(dir, ['switch', '-q', 'main']);
    await writeFile(join(dir, 'NOTES.md'), 'notes\n');
    await commitAs(dir, 'notes', { paths: ['NOTES.md'], author: SOMEONE_ELSE });
    await moreUsage(top);

    const c = captureIO(dir);
    expect(await run(ARGS, c.io), c.err()).toBe(0);
    const second = await remoteSha(bare);
    expect(second).not.toBe(first);
    expect(second).toBe(await sha(dir, BRANCH));
    expect(await sha(bare, `${BRANCH}~1`)).toBe(await sha(dir, 'main'));
    expect((await gitIn(dir, ['rev-list', '--count', `main..origin/${BRANCH}`])).trim()).toBe('1');
    const message = await gitIn(bare, ['log', '-1', '--format=%s', BRANCH]);
    expect(message).toBe('composeshift: 4 changes in 2 services');
    expect(c.err()).toContain(`pushed ${second.slice(0, 12)} to origin ${BRANCH} (was ${first.slice(0, 12)})`);
    expect(c.err()).toContain(`(rebuilt on ${(await sha(dir, 'main')).slice(0, 12)}; was ${first.slice(0, 12)})`);
  });

  it('a re-run with the same changes on the same main leaves the branch and the remote alone', async () => {
    const { dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    await gitIn(dir, ['switch', '-q', 'main']);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io), c.err()).toBe(0);
    expect(await remoteSha(bare)).toBe(first);
    expect(await sha(dir, BRANCH)).toBe(first);
    expect(c.err()).toContain(`no new changes: ${BRANCH} already holds them on this base; left at ${first.slice(0, 12)}`);
    expect(c.err()).toContain(`origin ${BRANCH} is already at ${first.slice(0, 12)}; nothing pushed`);
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
  });

  it('a fresh single-branch clone (CI) recognises the unchanged branch on the remote: nothing pushed', async () => {
    const { top, dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    const clone = join(top, 'clone');
    await gitIn(top, ['clone', '-q', '--single-branch', '-b', 'main', bare, clone]);
    expect(await gitIn(clone, ['branch', '-r'])).not.toContain(BRANCH);
    const c = captureIO(clone);
    expect(await run(ARGS, c.io), c.err()).toBe(0);
    expect(await remoteSha(bare)).toBe(first);
    expect(c.err()).toContain('nothing pushed');
  });

  it('a plan with no changes says so, exit 0, branch and remote untouched', async () => {
    const { dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    // The branch was merged: main already holds the change.
    await gitIn(dir, ['switch', '-q', 'main']);
    await gitIn(dir, ['merge', '-q', '--ff-only', BRANCH]);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io), c.err()).toBe(0);
    expect(c.err()).toContain(`no changes; branch ${BRANCH} and its remote left alone`);
    expect(await remoteSha(bare)).toBe(first);
  });

  it('someone else pushed to the branch: the lease refuses (exit 2), their commit stays, ours is on the local branch', async () => {
    const { top, dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    const other = join(top, 'other');
    await gitIn(top, ['clone', '-q', '-b', BRANCH, bare, other]);
    await writeFile(join(other, 'REVIEW.md'), 'a reviewer fixed something\n');
    await commitAs(other, 'review fix', { paths: ['REVIEW.md'], author: SOMEONE_ELSE });
    await gitIn(other, ['push', '-q', 'origin', BRANCH]);
    const theirs = await remoteSha(bare);

    await gitIn(dir, ['switch', '-q', 'main']);
    await moreUsage(top);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    const ours = await sha(dir, BRANCH);
    expect(c.err()).toContain(`composeshift: push refused: origin ${BRANCH} moved since composeshift last saw it at ${first.slice(0, 12)} (refs/remotes/origin/${BRANCH}); it is now at ${theirs.slice(0, 12)}: someone else pushed to it.`);
    expect(c.err()).toContain(`Nothing was lost: their commits stay on origin, this run's commit is ${ours.slice(0, 12)} on the local branch ${BRANCH}.`);
    expect(await remoteSha(bare)).toBe(theirs);
    expect(await gitIn(bare, ['show', `${BRANCH}:REVIEW.md`])).toBe('a reviewer fixed something');
    expect(await sha(dir, `${BRANCH}~1`)).toBe(await sha(dir, 'main'));
    expect(await gitIn(dir, ['log', '-1', '--format=%s', BRANCH])).toBe('composeshift: 4 changes in 2 services');
  });

  it('--pr-body writes the description: changes per service with evidence, diff stats, the report', async () => {
    const { top, dir } = await setup();
    const c = captureIO(dir);
    expect(await run([...ARGS, '--pr-body', '../pr.md'], c.io), c.err()).toBe(0);
    const body = await readFile(join(top, 'pr.md'), 'utf8');
    expect(body).toContain(`## composeshift: 2 changes in 1 service

Made by \`composeshift apply\`; every change below names the facts it rests on. Re-running refreshes this branch.

### What changed

#### hog70

- \`compose.yaml:13\` memory limit: 128M → 192M (memory-limits)
  - evidence: usage 71.03M = 55% of 128M; policy sets 192M (policy composeshift.config.yaml:2, ../stats.txt:2)
- \`compose.yaml:15\` memory reservation: 64M → 96M (memory-limits)
  - evidence: scaled with the limit 128M → 192M (policy composeshift.config.yaml:2, ../stats.txt:2)
`);
    expect(body).toContain(`### Diff stats

| FILE | + | − |
| --- | --: | --: |
| compose.yaml | 2 | 2 |

1 file changed, 2 insertions(+), 2 deletions(−)
`);
    // The stats agree with git's own count of the commit.
    expect((await gitIn(dir, ['diff', '--shortstat', 'main', BRANCH])).trim()).toBe('1 file changed, 2 insertions(+), 2 deletions(-)');
    expect(body).toContain('<details><summary>Full report</summary>\n\n## Memory allocation by tier');
    expect(body).toContain('| hog70 | 71.03M | 128M | 55.5% |');
  });

  it('refuses to rebuild the branch while it is checked out (exit 2), and --push without --branch', async () => {
    const { top, dir } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    await moreUsage(top);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    expect(c.err()).toContain(`${BRANCH} is checked out; switch to the base branch (e.g. git switch main) and run again`);
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
    await gitIn(dir, ['switch', '-q', 'main']);
    const d = captureIO(dir);
    expect(await run(['apply', '.', '--usage', '../stats.txt', '--push'], d.io)).toBe(2);
    expect(d.err()).toContain('--push needs --branch NAME');
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
  });

  it('a failed refresh (a pre-commit hook refuses) puts the existing branch back at its old commit, nothing pushed', async () => {
    const { top, dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    await gitIn(dir, ['switch', '-q', 'main']);
    await moreUsage(top);
    await refusingPreCommit(dir, 'pre-commit: refused');
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    expect(c.err()).toContain(`nothing was written: the files, the index and the branch are as they were (on main; branch ${BRANCH} back at ${first.slice(0, 12)})`);
    expect(await sha(dir, BRANCH)).toBe(first);
    expect(await remoteSha(bare)).toBe(first);
    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('main');
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
  });

  it('the branch was deleted on the remote (merged) while the tracking ref remembers it: exit 2 saying so', async () => {
    const { top, dir, bare } = await setup();
    expect(await run(ARGS, captureIO(dir).io)).toBe(0);
    const first = await remoteSha(bare);
    await gitIn(bare, ['branch', '-D', BRANCH]);
    await gitIn(dir, ['switch', '-q', 'main']);
    await moreUsage(top);
    const c = captureIO(dir);
    expect(await run(ARGS, c.io)).toBe(2);
    expect(c.err()).toContain(`push refused: origin ${BRANCH} moved since composeshift last saw it at ${first.slice(0, 12)} (refs/remotes/origin/${BRANCH}); it is now deleted (git fetch --prune origin, then run again).`);
    expect(await remoteSha(bare)).toBe('');
    // After the prune, the next run (from main again: a run leaves the branch checked out) pushes a new branch.
    await gitIn(dir, ['fetch', '-q', '--prune', 'origin']);
    await gitIn(dir, ['switch', '-q', 'main']);
    const d = captureIO(dir);
    expect(await run(ARGS, d.io), d.err()).toBe(0);
    expect(await remoteSha(bare)).toBe(await sha(dir, BRANCH));
    expect(d.err()).toContain('(new branch)');
  });
});
