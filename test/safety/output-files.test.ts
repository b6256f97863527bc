import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG, NEW, OLD, cleanTemps, cli, stats, tempDir, writeTree } from './project.js';

// apply's own output files, --report FILE and --pr-body FILE (red-team round 2). They are written after the
// project's files, and were not checked: `--report compose.yaml` replaced the compose file just written with the
// report (exit 0), and `--report /no/such/dir/r.md` was "internal error: ENOENT" with a stack trace, exit 2, the
// compose file already written. Now each is exit 2 before anything is written.

afterAll(cleanTemps);

const STATS = stats(['rt2r']);

function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': STATS });
  mkdirSync(path.join(dir, 'out'));
  return dir;
}

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe('--report / --pr-body that cannot be written, or would overwrite an input: exit 2, nothing written', () => {
  it.each([
    [['--report', 'compose.yaml'], '--report compose.yaml: is a file this run reads; writing the report there would overwrite it. Name another file. Nothing was written'],
    [['--pr-body', './composeshift.config.yaml'], '--pr-body ./composeshift.config.yaml: is a file this run reads; writing the description there would overwrite it. Name another file. Nothing was written'],
    [['--report', 'stats.txt'], '--report stats.txt: is a file this run reads; writing the report there would overwrite it. Name another file. Nothing was written'],
    [['--report', 'out'], '--report out: is a folder; name a file to write. Nothing was written'],
    [['--report', 'no-such-dir/r.md'], '--report no-such-dir/r.md: its folder DIR/no-such-dir does not exist. Nothing was written'],
    [['--pr-body', 'no-such-dir/pr.md'], '--pr-body no-such-dir/pr.md: its folder DIR/no-such-dir does not exist. Nothing was written'],
    [['--report', 'x.md', '--pr-body', './x.md'], '--pr-body ./x.md: is the file --report also names; name two files. Nothing was written'],
    [['--report', ''], "--report '': an empty path"],
  ])('%j', async (extra, message) => {
    const dir = project();
    const r = await cli(dir, ['apply', '--usage', 'stats.txt', '-p', 'rt2r', '-q', ...extra]);
    expect(r.stderr).toBe(`composeshift: ${message.replace('DIR', dir)}`);
    expect(r.code).toBe(2);
    expect(read(dir, 'compose.yaml')).toBe(OLD);
    expect(read(dir, 'composeshift.config.yaml')).toBe(CONFIG);
    expect(read(dir, 'stats.txt')).toBe(STATS);
    expect(readdirSync(dir).sort()).toEqual(['compose.yaml', 'composeshift.config.yaml', 'out', 'stats.txt']);
  });

  it('control: a report and a description in writable places are written, as is the compose file', async () => {
    const dir = project();
    const r = await cli(dir, ['apply', '--usage', 'stats.txt', '-p', 'rt2r', '-q', '--report', 'out/r.md', '--pr-body', 'out/pr.md']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read(dir, 'compose.yaml')).toBe(NEW);
    expect(read(dir, 'out/r.md')).toMatch(/^# composeshift report/);
    expect(read(dir, 'out/pr.md')).toContain('app');
    // A second run overwrites its own earlier report (no changes left).
    expect((await cli(dir, ['apply', '--usage', 'stats.txt', '-p', 'rt2r', '-q', '--report', 'out/r.md'])).code).toBe(0);
  });
});

describe('init: what it cannot write is one line, never a stack trace', () => {
  it('a dangling link named composeshift.config.yaml: refused, the link target not created (was internal error: EEXIST)', async () => {
    const dir = tempDir();
    const outside = path.join(tempDir(), 'elsewhere.yaml');
    symlinkSync(outside, path.join(dir, 'composeshift.config.yaml'));
    const r = await cli(dir, ['init']);
    expect(r.stderr).toBe('composeshift: composeshift.config.yaml: something is already there (a dangling link?); init never overwrites one. Nothing was written');
    expect(r.code).toBe(2);
    expect(existsSync(outside)).toBe(false);
  });

  it("--schema '' is refused (was a config whose schema comment named nothing)", async () => {
    const dir = tempDir();
    const r = await cli(dir, ['init', '--schema', '']);
    expect(r.stderr).toBe("composeshift: --schema '': an empty schema path or URL");
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
