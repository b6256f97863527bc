import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO, expectedText, missionRepo } from '../fixtures/e2e/helpers.js';
import { commitAs, GIT_ENV, gitIn, useGitEnv } from '../helpers/git-repo.js';
import { removeDir, tempDir } from './engine.js';

// No engine needed: usage comes from a saved `docker stats` file, and git is all that runs.
// The project is the mission fixture under the fixed name of the saved stats (csx-saved).
const PROJECT = 'csx-saved';
const BIN = fileURLToPath(new URL('../../bin/composeshift.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

const REASON_LIMIT = 'usage 71.03M = 55% of 128M; policy sets 192M (policy composeshift.config.yaml:2, ../stats.txt:2)';
const REASON_RES = 'scaled with the limit 128M → 192M (policy composeshift.config.yaml:2, ../stats.txt:2)';
const MESSAGE = `composeshift: 2 changes in 1 service

- hog70: compose.yaml:13 memory limit 128M → 192M (${REASON_LIMIT})
- hog70: compose.yaml:15 memory reservation 64M → 96M (${REASON_RES})
`;

describe('apply --branch (git, no engine)', () => {
  const dirs: string[] = [];

  // composeshift's git calls inherit this process's environment: keep the machine's git config out.
  useGitEnv();
  afterEach(async () => {
    while (dirs.length) await removeDir(dirs.pop());
  });

  /** temp/repo: the mission project committed on main; temp/stats.txt: the saved stats, outside the repo. */
  async function repo(): Promise<string> {
    const top = await tempDir('branch');
    dirs.push(top);
    return missionRepo(top, PROJECT);
  }

  const branchArgs = ['apply', '.', '--usage', '../stats.txt', '--branch', 'composeshift/memory'];

  it('writes and commits exactly one commit on a new branch, HEAD on it, with one line per change', async () => {
    const dir = await repo();
    const main = (await gitIn(dir, ['rev-parse', 'main'])).trim();
    const c = captureIO(dir);
    expect(await run(branchArgs, c.io), c.err()).toBe(0);
    expect(c.err()).toContain('composeshift: create branch composeshift/memory: done');
    expect(c.err()).toMatch(/^committed [0-9a-f]{12} on composeshift\/memory$/m);

    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('composeshift/memory');
    expect((await gitIn(dir, ['rev-list', '--count', 'main..composeshift/memory'])).trim()).toBe('1');
    expect((await gitIn(dir, ['rev-parse', 'HEAD~1'])).trim()).toBe(main);
    expect((await gitIn(dir, ['rev-parse', 'main'])).trim()).toBe(main);
    expect(await gitIn(dir, ['log', '-1', '--format=%B'])).toBe(MESSAGE);
    expect((await gitIn(dir, ['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe('compose.yaml');
    // No identity configured anywhere: the commit is authored as composeshift.
    expect((await gitIn(dir, ['log', '-1', '--format=%an <%ae>'])).trim()).toBe('composeshift <composeshift@localhost>');
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('mission', 'compose.expected.yaml', PROJECT));
    expect(await gitIn(dir, ['show', 'HEAD:compose.yaml'])).toBe((await expectedText('mission', 'compose.expected.yaml', PROJECT)).replace(/\n$/, ''));
  });

  it('uses the repository identity when one is configured', async () => {
    const dir = await repo();
    await gitIn(dir, ['config', 'user.name', 'Repo Owner']);
    await gitIn(dir, ['config', 'user.email', 'owner@example.com']);
    const c = captureIO(dir);
    expect(await run(branchArgs, c.io), c.err()).toBe(0);
    expect((await gitIn(dir, ['log', '-1', '--format=%an <%ae>'])).trim()).toBe('Repo Owner <owner@example.com>');
  });

  it('refuses a dirty work tree (exit 2, no branch, nothing written) unless --allow-dirty', async () => {
    const dir = await repo();
    const original = await readFile(join(dir, 'compose.yaml'), 'utf8');
    await writeFile(join(dir, 'NOTES.md'), 'work in progress\n');
    const c = captureIO(dir);
    expect(await run(branchArgs, c.io)).toBe(2);
    expect(c.err()).toContain('composeshift: the work tree has uncommitted changes; commit or stash them, or pass --allow-dirty:\n?? NOTES.md\n');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(original);
    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('main');
    expect(await gitIn(dir, ['branch', '--list', 'composeshift/memory'])).toBe('');

    const again = captureIO(dir);
    expect(await run([...branchArgs, '--allow-dirty'], again.io), again.err()).toBe(0);
    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('composeshift/memory');
    expect((await gitIn(dir, ['rev-list', '--count', 'main..HEAD'])).trim()).toBe('1');
    // Only the written file is committed; the user's own change stays theirs, uncommitted.
    expect((await gitIn(dir, ['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe('compose.yaml');
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('?? NOTES.md');
  });

  it('--allow-dirty still refuses when a file it would commit has uncommitted edits of its own', async () => {
    const dir = await repo();
    const edited = (await readFile(join(dir, 'compose.yaml'), 'utf8')).replace('# composeshift e2e', '# edited by hand, not committed; composeshift e2e');
    await writeFile(join(dir, 'compose.yaml'), edited);
    const c = captureIO(dir);
    expect(await run([...branchArgs, '--allow-dirty'], c.io)).toBe(2);
    expect(c.err()).toContain('composeshift: files composeshift would write and commit have uncommitted changes of their own; commit or stash them first:\n M compose.yaml\n');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(edited);
    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('main');
  });

  it('rebuilds a branch that already exists on the current HEAD (one commit on main), the old commit replaced', async () => {
    const dir = await repo();
    await gitIn(dir, ['switch', '-q', '-c', 'composeshift/memory']);
    await writeFile(join(dir, 'STALE.md'), 'an old attempt\n');
    await commitAs(dir, 'stale', { paths: ['STALE.md'] });
    const stale = (await gitIn(dir, ['rev-parse', 'HEAD'])).trim();
    await gitIn(dir, ['switch', '-q', 'main']);
    const main = (await gitIn(dir, ['rev-parse', 'main'])).trim();
    const c = captureIO(dir);
    expect(await run(branchArgs, c.io), c.err()).toBe(0);
    expect(c.err()).toContain(`(rebuilt on ${main.slice(0, 12)}; was ${stale.slice(0, 12)})`);
    expect((await gitIn(dir, ['rev-parse', 'HEAD~1'])).trim()).toBe(main);
    expect((await gitIn(dir, ['show', '--name-only', '--format=', 'HEAD'])).trim()).toBe('compose.yaml');
    expect(existsSync(join(dir, 'STALE.md'))).toBe(false);
    expect(await gitIn(dir, ['log', '-1', '--format=%B'])).toBe(MESSAGE);
  });

  it('the real binary (bin/composeshift.js on dist/) does the same end to end', async () => {
    // dist/ is built by `npm ci` (prepare) on CI and by `npm run build` locally.
    expect(existsSync(DIST_MAIN), `${DIST_MAIN} is missing: run \`npm run build\``).toBe(true);
    const dir = await repo();
    const r = await execa('node', [BIN, ...branchArgs], { cwd: dir, env: { ...GIT_ENV, NO_COLOR: '1' }, reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toContain('+          memory: 192M   # tier: small');
    expect((await gitIn(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('composeshift/memory');
    expect(await gitIn(dir, ['log', '-1', '--format=%B'])).toBe(MESSAGE);
    expect(await gitIn(dir, ['status', '--porcelain'])).toBe('');
  });
});
