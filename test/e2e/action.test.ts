import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addBareOrigin, GIT_ENV, gitIn, initRepo } from '../helpers/git-repo.js';
import { runAction, type ActionRun } from '../helpers/run-action.js';
import { removeDir, tempDir } from './engine.js';

// action.yml run as a runner runs it (test/helpers/run-action.ts), on a temp copy of examples/smart-home made a
// git repository with a bare remote. The action's setup finds dist/ built (npm ci is what a fresh runner does).
const ACTION_DIR = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ACTION_DIR, 'examples/smart-home');
const BIN = join(ACTION_DIR, 'bin/composeshift.js');
const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
const Ajv = AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
formatsModule.default(ajv);
const validate = ajv.compile(schema);

describe('action.yml (composite GitHub Action), run step by step', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    while (dirs.length) await removeDir(dirs.pop());
  });

  /** top/repo: the example committed on main, origin = top/remote.git. */
  async function workspace(): Promise<{ top: string; repo: string; bare: string }> {
    const top = await tempDir('action');
    dirs.push(top);
    const repo = join(top, 'repo');
    const bare = join(top, 'remote.git');
    await cp(EXAMPLE, repo, { recursive: true });
    await initRepo(repo);
    await addBareOrigin(repo, bare);
    return { top, repo, bare };
  }
  const act = async (repo: string, inputs: Record<string, string>): Promise<ActionRun> => {
    const r = await runAction(ACTION_DIR, repo, inputs, GIT_ENV);
    dirs.push(r.temp);
    return r;
  };

  it('changes pending: exit 1 in the plan step, the diff and the report in the step summary, a valid SARIF file', async () => {
    const { repo } = await workspace();
    const r = await act(repo, { usage: 'docker-stats.txt' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.failedStep).toBe('composeshift plan --check');
    expect(r.stdout).toContain('::error title=composeshift::changes are pending');
    expect(r.outputs.changes).toBe('true');
    // The same diff the CLI prints, fenced, then the markdown report.
    const diff = (await execa('node', [BIN, 'plan', '.', '--usage', 'docker-stats.txt'], { cwd: repo, env: { NO_COLOR: '1' }, reject: false })).stdout;
    expect(diff).toContain('diff --git a/compose.yaml b/compose.yaml');
    expect(r.summary).toContain('## composeshift plan\n\n```diff\n' + diff + '\n```\n');
    expect(r.summary).toContain('## composeshift report\n');
    expect(r.summary).toContain('## Memory allocation by tier');
    expect(r.summary).toContain('## Changes: ');
    const sarifPath = r.outputs['sarif-file']!;
    expect(sarifPath).toBe(join(r.temp, 'composeshift/composeshift.sarif'));
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: Array<{ results: unknown[] }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results.length).toBeGreaterThan(0);
    // Nothing written by a plan.
    expect(await gitIn(repo, ['status', '--porcelain'])).toBe('');
  });

  it("check: 'false' reports the same and passes", async () => {
    const { repo } = await workspace();
    const r = await act(repo, { usage: 'docker-stats.txt', check: 'false' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.changes).toBe('true');
    expect(r.summary).toContain('```diff\ndiff --git a/compose.yaml');
  });

  it('apply-branch + push: the branch is committed and pushed to origin, the PR body written; exit 0', async () => {
    const { repo, bare } = await workspace();
    const r = await act(repo, { usage: 'docker-stats.txt', 'apply-branch': 'composeshift/update', push: 'true' });
    expect(r.code, r.stderr).toBe(0);
    const local = (await gitIn(repo, ['rev-parse', 'composeshift/update'])).trim();
    expect((await gitIn(bare, ['rev-parse', 'composeshift/update'])).trim()).toBe(local);
    expect((await gitIn(repo, ['rev-parse', 'composeshift/update~1'])).trim()).toBe((await gitIn(repo, ['rev-parse', 'main'])).trim());
    expect(r.stderr).toContain(`pushed ${local.slice(0, 12)} to origin composeshift/update (new branch)`);
    const body = readFileSync(r.outputs['pr-body']!, 'utf8');
    expect(body).toMatch(/^## composeshift: \d+ changes in \d+ services\n/);
    expect(body).toContain('### Diff stats');
  });

  it('a bad input is exit 2 in the plan step, the error in the summary, nothing applied', async () => {
    const { repo } = await workspace();
    const r = await act(repo, { usage: 'no-such-stats.txt', 'apply-branch': 'composeshift/update', push: 'true' });
    expect(r.code).toBe(2);
    expect(r.failedStep).toBe('composeshift plan --check');
    expect(r.summary).toContain('## composeshift plan failed');
    expect(r.summary).toContain('no-such-stats.txt');
    expect(await gitIn(repo, ['branch', '--list', 'composeshift/update'])).toBe('');
  });

  it('no changes: exit 0, changes=false, the summary says so', async () => {
    const { repo } = await workspace();
    const applied = await execa('node', [BIN, 'apply', '.', '--usage', 'docker-stats.txt'], { cwd: repo, env: { NO_COLOR: '1' }, reject: false });
    expect(applied.exitCode, String(applied.stderr)).toBe(0);
    const r = await act(repo, { usage: 'docker-stats.txt' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.changes).toBe('false');
    expect(r.summary).toContain('## composeshift plan\n\nNo changes.\n');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    while (dirs.length) await removeDir(dirs.pop());
  });
  type Hook = { id: string; name: string; entry: string; language: string; files: string; pass_filenames: boolean };
  const hooks = parse(readFileSync(join(ACTION_DIR, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

  it('declares one node hook running plan --check on compose, requirements and Dockerfile changes', () => {
    expect(hooks.map((h) => [h.id, h.language, h.entry, h.pass_filenames])).toEqual([['composeshift', 'node', 'composeshift plan --check', false]]);
    // pre-commit matches `files` with Python's re.search; this regex uses nothing JavaScript reads differently.
    const files = new RegExp(hooks[0]!.files);
    const matches = ['compose.yaml', 'docker-compose.yml', 'deploy/compose.prod.yaml', 'compose.override.yml', 'api/requirements.txt', 'api/requirements-dev.txt', 'requirements/base.in', 'api/Dockerfile', 'worker/Dockerfile.gpu', 'x/app.Dockerfile', 'composeshift.config.yaml'];
    const others = ['README.md', 'src/app.py', 'docs/compose.md', 'api/main.ts'];
    expect(matches.filter((f) => !files.test(f))).toEqual([]);
    expect(others.filter((f) => files.test(f))).toEqual([]);
  });

  it('its entry, run as pre-commit runs it (the package bin on PATH, repo root, no file names): 1 with changes, 0 after apply', async () => {
    const top = await tempDir('precommit');
    dirs.push(top);
    const repo = join(top, 'repo');
    await cp(EXAMPLE, repo, { recursive: true });
    // `language: node` installs the package and puts its bin on PATH; here: a folder with the same link.
    const binDir = join(top, 'bin');
    await execa('mkdir', ['-p', binDir]);
    await execa('ln', ['-s', BIN, join(binDir, 'composeshift')]);
    const [cmd, ...args] = hooks[0]!.entry.split(' ');
    const env = { PATH: `${binDir}:${process.env.PATH}`, NO_COLOR: '1' };
    const before = await execa(cmd!, args, { cwd: repo, env, reject: false });
    expect(before.exitCode, String(before.stderr)).toBe(1);
    expect(String(before.stdout)).toContain('diff --git a/');
    await execa('node', [BIN, 'apply', '.'], { cwd: repo, env, reject: false });
    const after = await execa(cmd!, args, { cwd: repo, env, reject: false });
    expect(after.exitCode, String(after.stderr)).toBe(0);
    expect(existsSync(join(repo, '.composeshift/journal.json'))).toBe(false);
  });
});
