import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The README's first hour, as a new user follows it: every block marked `sh runnable` runs as written after the
// setup, on a fresh copy of examples/, with `composeshift` on the PATH.

const REPO = path.resolve('.');
const README = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const made: string[] = [];
afterAll(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `composeshift-readme-${prefix}-`));
  made.push(dir);
  return dir;
};

/** Fenced blocks with their info string and first line number. */
export function fencedBlocks(markdown: string): { info: string; body: string; line: number }[] {
  const out: { info: string; body: string; line: number }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    out.push({ info: open[1]!.trim(), body: body.join('\n') + '\n', line: start + 1 });
  }
  return out;
}

const runnable = fencedBlocks(README).filter((b) => b.info === 'sh runnable');

/** A bin folder whose `composeshift` runs this checkout's bin/composeshift.js, as `npm link` would. */
function shimBin(): string {
  const bin = temp('bin');
  const shim = path.join(bin, 'composeshift');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, 'bin/composeshift.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return bin;
}

describe('README', () => {
  it('has runnable blocks, and the first one is the main job', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(3);
    expect(runnable[0]!.body).toBe('composeshift plan examples/smart-home --usage examples/smart-home/docker-stats.txt\n');
  });

  it('the setup: `npm link` (into a temp prefix) puts a working `composeshift` on the PATH', () => {
    const setup = fencedBlocks(README).find((b) => b.info === 'sh' && /^npm link\b/m.test(b.body));
    expect(setup?.body).toMatch(/^npm ci\b.*\nnpm link\b/);
    const prefix = temp('prefix');
    // The README's line, with npm's global prefix moved to a temp folder (as the README says for non-root users).
    // npm's own npm_* variables (vitest run through npm/npx) would override the prefix: the user's shell has none.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const link = spawnSync('npm', ['link', '--no-audit', '--no-fund'], { cwd: REPO, env: { ...env, npm_config_prefix: prefix }, encoding: 'utf8', timeout: 120_000 });
    expect({ status: link.status, stderr: link.status === 0 ? '' : link.stderr }).toEqual({ status: 0, stderr: '' });
    const version = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
    expect(execFileSync(path.join(prefix, 'bin/composeshift'), ['--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
    const plan = spawnSync(path.join(prefix, 'bin/composeshift'), ['plan', 'examples/smart-home', '-t', 'torch-cpu', '-q'], { cwd: REPO, encoding: 'utf8' });
    expect([plan.status, plan.stdout]).toEqual([0, expect.stringContaining('+torch==2.5.1+cpu\n')]);
  }, 180_000);

  const bin = shimBin();
  it.each(runnable.map((b) => [b.line, b.body] as const))('the runnable block at README.md:%i exits 0 as written', (_line, body) => {
    // A fresh copy per block: blocks that write (apply, --report) never touch the repository or each other.
    const work = temp('work');
    cpSync(path.join(REPO, 'examples'), path.join(work, 'examples'), { recursive: true });
    mkdirSync(path.join(work, 'home'));
    // The block is a shell script as the user types it, so bash runs it (-e: the first failing line fails the test).
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', body], {
      cwd: work,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: path.join(work, 'home'), NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout.length).toBeGreaterThan(0);
  }, 180_000);
});
