import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG, OLD, cleanTemps, cli, stats, tempDir, writeTree } from './project.js';

// Options that act only beside another one, and pairs that contradict each other (red-team round 2): they were
// ignored, or one silently won — `apply --push` without --branch exited 0 when nothing changed, `apply
// --allow-dirty` / `--no-verify` / `--stack` alone and `--samples 3 --usage FILE` did nothing, `plan -q -v` and
// `plan --json --format sarif` picked one. Now each is exit 2 with one line, before anything is read or written.

afterAll(cleanTemps);

function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['rt2o']) });
  return dir;
}

const U = ['--usage', 'stats.txt', '-p', 'rt2o'];

describe('an option with no effect, or two that contradict, is exit 2 and nothing is written', () => {
  it.each([
    [['apply', ...U, '--push'], '--push needs --branch NAME (the branch to push)'],
    [['apply', ...U, '--push', 'upstream'], '--push needs --branch NAME (the branch to push)'],
    [['apply', ...U, '--allow-dirty'], '--allow-dirty only acts with --branch NAME (apply without --branch never looks at the work tree)'],
    [['apply', ...U, '--no-verify'], '--no-verify only acts with --up (it skips reading the started containers back)'],
    [['apply', ...U, '--build', '--stack', 's'], '--stack only acts with --up (it deploys the stack instead of `docker compose up`)'],
    [['apply', ...U, '--samples', '3'], '--samples only acts with --usage docker'],
    [['plan', ...U, '--interval', '500'], '--interval only acts with --usage docker'],
    [['plan', ...U, '--window', '1d'], '--window only acts with --usage prometheus=URL'],
    [['report', ...U, '--project-label', 'p'], '--project-label only acts with --usage prometheus=URL'],
    [['plan', ...U, '--service-label', 's'], '--service-label only acts with --usage prometheus=URL'],
    [['apply', ...U, '-q', '-v'], '--quiet contradicts --verbose: pass one of them'],
    [['plan', ...U, '--verbose', '--quiet'], '--quiet contradicts --verbose: pass one of them'],
    [['plan', ...U, '--json', '--format', 'sarif'], '--json contradicts --format sarif: pass one of them (--json is --format json)'],
    [['plan', ...U, '--format', 'diff', '--json'], '--json contradicts --format diff: pass one of them (--json is --format json)'],
    [['report', ...U, '--json', '--format', 'html'], '--json contradicts --format html: pass one of them (--json is --format json)'],
    [['audit', '--json', '--format', 'md'], '--json contradicts --format md: pass one of them (--json is --format json)'],
  ])('%j', async (args, message) => {
    const dir = project();
    const r = await cli(dir, args);
    expect(r.stderr).toBe(`composeshift: ${message}`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('controls: --json with --format json agrees, and a plain -q or -v runs', async () => {
    const dir = project();
    const json = await cli(dir, ['plan', ...U, '--json', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).changes).toHaveLength(1);
    expect((await cli(dir, ['report', ...U, '--format', 'json', '--json'])).code).toBe(0);
    expect((await cli(dir, ['plan', ...U, '-q', '--check'])).code).toBe(1);
    expect((await cli(dir, ['plan', ...U, '-v', '--check'])).code).toBe(1);
  });
});
