import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, CONFIG, OLD, cleanTemps, cli, stats, tempDir, writeTree } from './project.js';

// CLI conventions through the real binary (red-team round 2): colour variables as Node and supports-color read
// them, odd -f values, and `--json` that leaves nothing but one JSON document on stdout.

afterAll(cleanTemps);

/** One service at 128M that the config raises to 192M (project name rt2c). */
function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['rt2c']) });
  return dir;
}

const ESC = '\u001b[';

/** The binary with exactly this colour environment (no NO_COLOR unless given), stdout piped. */
async function colourRun(dir: string, env: Record<string, string>) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));
  const r = await execa('node', [BIN, 'plan', '--usage', 'stats.txt', '-p', 'rt2c'], { cwd: dir, env: { ...base, ...env }, extendEnv: false, reject: false });
  return String(r.stdout) + String(r.stderr);
}

describe('NO_COLOR / FORCE_COLOR (stdout a pipe)', () => {
  it.each([
    [{ FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: 'true' }, true],
    [{ FORCE_COLOR: '' }, true],
    [{ FORCE_COLOR: '0' }, false],
    [{ FORCE_COLOR: 'false' }, false], // was on: any value but '0' forced colour
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    [{ NO_COLOR: '' }, false], // piped, nothing forced
  ] as const)('%j → colour %s', async (env, coloured) => {
    expect((await colourRun(project(), env)).includes(ESC)).toBe(coloured);
  });
});

describe('-f values docker compose users type', () => {
  it.each([
    [['-f', ''], "-f '': an empty path (an unset variable in the command line?)"], // was "-f : is a folder, not a file"
    [['-f', '-'], '-f -: reading a compose file from stdin is not supported: composeshift edits files in place; name the file'], // was "no such file"
    [['-c', ''], "-c '': an empty path (an unset variable in the command line?)"],
    [['-f', 'missing.yaml'], '-f missing.yaml: no such file'],
    [['-f', '.'], '-f .: is a folder, not a file'],
    [['--service', 'nosuch'], 'no such service: nosuch (services: app)'],
  ])('%j → exit 2, one line', async (args, message) => {
    const dir = project();
    const r = await cli(dir, ['apply', '--usage', 'stats.txt', '-p', 'rt2c', ...args]);
    expect(r.stderr).toBe(`composeshift: ${message}`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });
});

describe('--json: stdout holds one JSON document and nothing else', () => {
  it.each([
    [['plan', '--json']],
    [['plan', '--format', 'sarif']],
    [['report', '--json']],
    [['audit', '--json']],
    [['transforms', '--json']],
    [['apply', '--json']],
  ])('%j', async (args) => {
    const dir = project();
    const r = await cli(dir, [...args, ...(args[0] === 'transforms' || args[0] === 'audit' ? [] : ['--usage', 'stats.txt', '-p', 'rt2c'])]);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout.startsWith('{')).toBe(true);
    if (args[0] === 'apply') expect(r.stderr).toBe('wrote 1 file: compose.yaml');
  });

  it('schema --json and init --json are taken too (were "unknown option \'--json\'", exit 2)', async () => {
    const dir = tempDir();
    const schema = await cli(dir, ['schema', '--json']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout).title).toBe('composeshift.config.yaml');
    const init = await cli(dir, ['init', '--json']);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ command: 'init', file: path.join(dir, 'composeshift.config.yaml') });
    expect(readFileSync(path.join(dir, 'composeshift.config.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
  });
});

describe('names the output uses are names the options take', () => {
  /** Two compose projects p1, p2, each with a service `app` at 128M. */
  function twoProjects(): string {
    const dir = tempDir();
    writeTree(dir, { 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['p1', 'p2']), 'p1/compose.yaml': OLD, 'p2/compose.yaml': OLD });
    return dir;
  }

  it('--service p1/app (as --recursive names it) picks that one service (was "no such service: p1/app (services: app)")', async () => {
    const dir = twoProjects();
    const r = await cli(dir, ['plan', '--recursive', '--usage', 'stats.txt', '--service', 'p1/app', '--check', '-q']);
    expect(r.stdout).toContain('+++ b/p1/compose.yaml');
    expect(r.stdout).not.toContain('p2/compose.yaml');
    expect(r.code).toBe(1);
    const both = await cli(dir, ['plan', '--recursive', '--usage', 'stats.txt', '--service', 'app', '-q']);
    expect(both.stdout).toContain('+++ b/p2/compose.yaml');
    const none = await cli(dir, ['plan', '--recursive', '--usage', 'stats.txt', '--service', 'p3/app']);
    expect(none.stderr).toBe('composeshift: no such service: p3/app (services: p1/app, p2/app)');
    expect(none.code).toBe(2);
  });

  it('-t memory-limits twice runs it once (was exit 2: "two edits change the same text (transform memory-limits (twice))")', async () => {
    const dir = project();
    const r = await cli(dir, ['apply', '--usage', 'stats.txt', '-p', 'rt2c', '-t', 'memory-limits', '-t', 'memory-limits', '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD.replace('128M', '192M'));
  });
});

describe('a mistyped command (plan is the default, so it reads as a root folder)', () => {
  it.each([
    ['aply', 'apply'],
    ['plna', 'plan'],
    ['reprot', 'report'],
  ])('%s → exit 2 naming the command it is near (was only "no such directory")', async (typo, command) => {
    const r = await cli(project(), [typo]);
    expect(r.stderr).toBe(`composeshift: no such directory: ${typo} (did you mean the command \`composeshift ${command}\`?)`);
    expect(r.code).toBe(2);
  });

  it('control: a word near no command is only "no such directory"', async () => {
    const r = await cli(project(), ['services']);
    expect(r.stderr).toBe('composeshift: no such directory: services');
    expect(r.code).toBe(2);
  });
});
