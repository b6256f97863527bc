import { execa } from 'execa';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { captureIO } from '../fixtures/e2e/helpers.js';
import { cleanTemps, CONFIG, NEW, OLD, stats, tempDir, writeTree } from './project.js';

// One apply per root: `.composeshift/lock` holds the pid of the apply writing it.

afterEach(cleanTemps);

function project(): string {
  const root = tempDir();
  writeTree(root, { 'compose.yaml': OLD, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['one']) });
  return root;
}

async function apply(root: string) {
  const c = captureIO(root);
  const code = await run(['apply', '.', '-p', 'one', '--usage', 'stats.txt'], c.io);
  return { code, err: c.err() };
}

/** The pid of a process that has exited (and was reaped). */
async function deadPid(): Promise<number> {
  const p = execa('true');
  await p;
  return p.pid!;
}

function lockWith(root: string, pid: number): void {
  mkdirSync(path.join(root, '.composeshift'));
  writeFileSync(path.join(root, '.composeshift/lock'), `${pid}\n`);
}

describe('the lock', () => {
  it('a lock held by a live process refuses a second apply: exit 2, nothing written, the lock left to its owner', async () => {
    const root = project();
    const holder = execa('sleep', ['60']);
    try {
      lockWith(root, holder.pid!);
      const r = await apply(root);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`composeshift: another composeshift apply (pid ${holder.pid}) is writing this project (.composeshift/lock); nothing was written.`);
      expect(readFileSync(path.join(root, 'compose.yaml'), 'utf8')).toBe(OLD);
      expect(readFileSync(path.join(root, '.composeshift/lock'), 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      holder.kill('SIGKILL');
      await holder.catch(() => undefined);
    }
  });

  it('a stale lock (its process is gone) is taken over: the apply writes, and the lock is gone after it', async () => {
    const root = project();
    const dead = await deadPid();
    lockWith(root, dead);
    const r = await apply(root);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(path.join(root, 'compose.yaml'), 'utf8')).toBe(NEW);
    expect(existsSync(path.join(root, '.composeshift'))).toBe(false);
  });

  it('temp files an older version left (.X.composeshift-PID.tmp of a dead pid) are removed by any run, with one line saying so', async () => {
    const root = project();
    const dead = await deadPid();
    writeTree(root, { [`.compose.yaml.composeshift-${dead}.tmp`]: 'half a file' });
    const c = captureIO(root);
    expect(await run(['plan', '.', '-p', 'one', '--usage', 'stats.txt'], c.io)).toBe(0);
    expect(c.err()).toContain('composeshift: removed 1 temp file left by an interrupted older run\n');
    expect(readdirSync(root).sort()).toEqual(['compose.yaml', 'composeshift.config.yaml', 'stats.txt']);
  });
});
