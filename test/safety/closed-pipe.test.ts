import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, CONFIG, NEW, OLD, cleanTemps, stats, tempDir, writeTree } from './project.js';

// `composeshift apply | head -1`, `plan --check 2>&1 | head`: the reader stops early. The output is lost, nothing
// else: the run goes on (apply writes), the exit code is the run's own, and no EPIPE stack trace is printed.
// Before: bin/ exited at the first EPIPE with `process.exitCode ?? 0`, so `apply | true` exited 0 having written
// nothing, `plan --check … 2>&1 | true` on a bad --usage exited 1 (an uncaught EPIPE on stderr), and
// `--version | true` printed an EPIPE stack trace.

afterAll(cleanTemps);

function project(): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['rt2pipe']) });
  return dir;
}

/** Run the binary with its stdout (and stderr too, when `closeStderr`) a pipe whose reader is gone before it writes. */
async function closedPipe(cwd: string, args: string[], closeStderr = false) {
  const child = execa('node', [BIN, ...args, '-p', 'rt2pipe'], { cwd, env: { NO_COLOR: '1' }, reject: false, stdin: 'ignore' });
  child.stdout!.destroy();
  if (closeStderr) child.stderr!.destroy();
  const r = await child;
  return { code: r.exitCode, stderr: closeStderr ? '' : String(r.stderr) };
}

describe('a closed stdout pipe changes only the output', () => {
  it('apply still writes every file and exits 0', async () => {
    const dir = project();
    const r = await closedPipe(dir, ['apply', '--usage', 'stats.txt']);
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(r.stderr).toBe('wrote 1 file: compose.yaml');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
  });

  it('plan --check still exits 1 when changes are pending, and writes nothing', async () => {
    const dir = project();
    const r = await closedPipe(dir, ['plan', '--check', '--usage', 'stats.txt']);
    expect(r.stderr).not.toMatch(/EPIPE/);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('an error still exits 2 when stderr is closed too (2>&1 | head)', async () => {
    const dir = project();
    const r = await closedPipe(dir, ['plan', '--check', '--usage', 'no-such-stats.txt'], true);
    expect(r.code).toBe(2);
  });

  it('apply with stdout and stderr closed still writes and exits 0', async () => {
    const dir = project();
    const r = await closedPipe(dir, ['apply', '--usage', 'stats.txt'], true);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
  });

  it('--version (answered without the bundle) prints no stack trace', async () => {
    const child = execa('node', [BIN, '--version'], { reject: false, stdin: 'ignore' });
    child.stdout!.destroy();
    const r = await child;
    expect(String(r.stderr)).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('--help prints no stack trace either', async () => {
    const r = await closedPipe(project(), ['--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('report --format html: ends quietly with 0', async () => {
    const dir = project();
    const r = await closedPipe(dir, ['report', '--format', 'html', '--usage', 'stats.txt']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

/** The binary with stdout (or stderr) on /dev/full: every write fails with ENOSPC, as `> file` on a full disk. */
async function fullDisk(cwd: string, args: string[], which: 'stdout' | 'stderr') {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = await execa('node', [BIN, ...args, '-p', 'rt2pipe'], { cwd, env: { NO_COLOR: '1' }, reject: false, stdin: 'ignore', [which]: fd });
    return { code: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!existsSync('/dev/full'))('stdout that fails for another reason (ENOSPC) is exit 2, one line; stderr is dropped', () => {
  it('apply > /dev/full: exit 2 before anything is written (was a stack trace, exit 1)', async () => {
    const dir = project();
    const r = await fullDisk(dir, ['apply', '--usage', 'stats.txt'], 'stdout');
    expect(r.stderr).toBe('composeshift: cannot write the output to stdout (ENOSPC); stopped');
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });

  it('plan --check --json > /dev/full: exit 2, not 1 (the gate must not pass on lost output)', async () => {
    const r = await fullDisk(project(), ['plan', '--check', '--json', '--usage', 'stats.txt'], 'stdout');
    expect(r.stderr).toBe('composeshift: cannot write the output to stdout (ENOSPC); stopped');
    expect(r.code).toBe(2);
  });

  it('apply 2> /dev/full: the diagnostics are lost, the apply is not (exit 0, written)', async () => {
    const dir = project();
    const r = await fullDisk(dir, ['apply', '--usage', 'stats.txt'], 'stderr');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
  });
});
