import { execa, execaSync } from 'execa';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { readSourceFile } from '../../src/core/source.js';
import { writeAll } from '../../src/pipeline/write-files.js';
import { captureIO } from '../fixtures/e2e/helpers.js';
import { cleanTemps, CONFIG, manyProjects, NEW, OLD, stats, tempDir, writeTree } from './project.js';

// Files are edited in place of their identity: links, owner, mode and hard links survive an apply, and what
// cannot be written safely is refused before anything is written.

afterEach(cleanTemps);

const APPLY = ['apply', '.', '-p', 'one', '--usage', 'stats.txt'];

/** root/real/compose.yaml (the file) with config and stats for project "one". */
function project(): string {
  const root = tempDir();
  writeTree(root, { 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['one']) });
  return root;
}

async function apply(root: string, args = APPLY) {
  const c = captureIO(root);
  const code = await run(args, c.io);
  return { code, err: c.err() };
}

/** Every name in the tree (temp files of composeshift included), relative. */
function tree(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).sort();
}

describe('symlinks', () => {
  it('a symlinked compose file is written through: the link stays a link, its target inside the root gets the edit', async () => {
    const root = project();
    writeTree(root, { 'real/compose.yaml': OLD });
    symlinkSync('real/compose.yaml', path.join(root, 'compose.yaml'));
    const r = await apply(root);
    expect(r.code, r.err).toBe(0);
    expect(lstatSync(path.join(root, 'compose.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, 'real/compose.yaml'), 'utf8')).toBe(NEW);
    expect(tree(root)).toEqual(['compose.yaml', 'composeshift.config.yaml', 'real', 'real/compose.yaml', 'stats.txt']);
  });

  it('two services sharing one requirements file through links: one write, both links stay links', async () => {
    const root = tempDir();
    const docker = 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n';
    writeTree(root, {
      'compose.yaml': 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n',
      'shared/requirements.txt': 'numpy\ntorch==2.5.1\n',
      'a/Dockerfile': docker, 'a/main.py': 'import torch\n',
      'b/Dockerfile': docker, 'b/main.py': 'import torch\n',
    });
    for (const s of ['a', 'b']) symlinkSync('../shared/requirements.txt', path.join(root, s, 'requirements.txt'));
    const inode = statSync(path.join(root, 'shared/requirements.txt')).ino;
    const r = await apply(root, ['apply', '.', '-t', 'torch-cpu']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('wrote 1 file: a/requirements.txt, b/requirements.txt (2 paths: links to one file are written once)');
    for (const s of ['a', 'b']) expect(lstatSync(path.join(root, s, 'requirements.txt')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, 'shared/requirements.txt'), 'utf8')).toBe('numpy\n--extra-index-url https://download.pytorch.org/whl/cpu\ntorch==2.5.1+cpu\n');
    expect(statSync(path.join(root, 'shared/requirements.txt')).ino).not.toBe(inode); // replaced by rename (nlink 1), atomically
    expect(tree(root).filter((f) => f.includes('composeshift'))).toEqual([]);
  });

  it('writeAll: two paths of one file with the same new text write it once; with different texts, nothing is written', () => {
    const root = tempDir();
    writeTree(root, { 'shared.txt': 'a\n' });
    symlinkSync('shared.txt', path.join(root, 'x.txt'));
    symlinkSync('shared.txt', path.join(root, 'y.txt'));
    const x = readSourceFile(path.join(root, 'x.txt'), root);
    const y = readSourceFile(path.join(root, 'y.txt'), root);
    expect(() => writeAll([{ source: x, after: 'b\n' }, { source: y, after: 'c\n' }], { root })).toThrow('x.txt (a link), edited differently through each path; nothing was written');
    expect(readFileSync(path.join(root, 'shared.txt'), 'utf8')).toBe('a\n');
    expect(writeAll([{ source: x, after: 'b\n' }, { source: y, after: 'b\n' }], { root })).toBe(1);
    expect(readFileSync(path.join(root, 'shared.txt'), 'utf8')).toBe('b\n');
    expect(lstatSync(path.join(root, 'x.txt')).isSymbolicLink() && lstatSync(path.join(root, 'y.txt')).isSymbolicLink()).toBe(true);
  });

  it('a link to a file outside the root is refused (exit 2): nothing written, the link and its target as they were', async () => {
    const top = tempDir();
    const root = path.join(top, 'root');
    mkdirSync(root);
    writeTree(top, { 'outside/compose.yaml': OLD, 'root/composeshift.config.yaml': CONFIG, 'root/stats.txt': stats(['one']) });
    symlinkSync('../outside/compose.yaml', path.join(root, 'compose.yaml'));
    const r = await apply(root);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/compose\.yaml.*outside the root/);
    expect(r.err).not.toContain('internal error');
    expect(lstatSync(path.join(root, 'compose.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(top, 'outside/compose.yaml'), 'utf8')).toBe(OLD);
    expect(tree(top).filter((f) => f.includes('composeshift-'))).toEqual([]);
  });

  it('writeAll with allowOutsideRoot writes through the link to the outside target', () => {
    const top = tempDir();
    writeTree(top, { 'outside/a.txt': 'a\n', 'root/keep': '' });
    symlinkSync('../outside/a.txt', path.join(top, 'root/a.txt'));
    const root = path.join(top, 'root');
    const a = readSourceFile(path.join(root, 'a.txt'), root);
    expect(() => writeAll([{ source: a, after: 'b\n' }], { root })).toThrow(/outside the root/);
    expect(writeAll([{ source: a, after: 'b\n' }], { root, allowOutsideRoot: true })).toBe(1);
    expect(readFileSync(path.join(top, 'outside/a.txt'), 'utf8')).toBe('b\n');
    expect(lstatSync(path.join(root, 'a.txt')).isSymbolicLink()).toBe(true);
  });
});

describe('owner, mode and hard links', () => {
  it.runIf(process.getuid?.() === 0)('keeps owner nobody:nogroup and mode 0640 (run as root, the new file is chowned before the rename)', async () => {
    const root = project();
    writeTree(root, { 'compose.yaml': OLD });
    const file = path.join(root, 'compose.yaml');
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o640);
    const r = await apply(root);
    expect(r.code, r.err).toBe(0);
    const st = statSync(file);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
    expect(readFileSync(file, 'utf8')).toBe(NEW);
  });

  it('keeps hard links: a file with nlink 2 is rewritten in its own inode (both names see the edit)', async () => {
    const root = project();
    writeTree(root, { 'compose.yaml': OLD });
    const file = path.join(root, 'compose.yaml');
    linkSync(file, path.join(root, 'mirror.txt'));
    const ino = statSync(file).ino;
    const r = await apply(root);
    expect(r.code, r.err).toBe(0);
    expect(statSync(file).ino).toBe(ino);
    expect(statSync(file).nlink).toBe(2);
    expect(readFileSync(path.join(root, 'mirror.txt'), 'utf8')).toBe(NEW);
    expect(tree(root)).toEqual(['compose.yaml', 'composeshift.config.yaml', 'mirror.txt', 'stats.txt']);
  });
});

describe('files that must not be written are refused before anything is written', () => {
  /** Two projects p000 and p001 changed by one run; `spoil` makes p001's file unwritable. */
  async function twoWithOneRefused(spoil: (file: string) => void) {
    const root = tempDir();
    manyProjects(root, 2);
    spoil(path.join(root, 'p001/compose.yaml'));
    const c = captureIO(root);
    const code = await run(['apply', '.', '--recursive', '--usage', 'stats.txt'], c.io);
    return { root, code, err: c.err() };
  }

  it('a read-only file (mode 0444, no write bit for its owner) is refused for every user, root included: exit 2, clear message, nothing written', async () => {
    const r = await twoWithOneRefused((f) => chmodSync(f, 0o444));
    expect(r.code).toBe(2);
    expect(r.err).toContain('composeshift: p001/compose.yaml: file is read-only (mode 0444); nothing was written. Make it writable (chmod u+w) to let composeshift edit it\n');
    expect(readFileSync(path.join(r.root, 'p000/compose.yaml'), 'utf8')).toBe(OLD);
    expect(readFileSync(path.join(r.root, 'p001/compose.yaml'), 'utf8')).toBe(OLD);
    expect(statSync(path.join(r.root, 'p001/compose.yaml')).mode & 0o777).toBe(0o444);
    expect(tree(r.root).filter((f) => f.includes('composeshift-') || f.startsWith('.composeshift'))).toEqual([]);
  });

  it('an immutable file (chattr +i) is refused cleanly: exit 2, no stack trace, nothing written', async (ctx) => {
    let immutable: string | undefined;
    try {
      const r = await twoWithOneRefused((f) => {
        if (succeeds('chattr', ['+i', f])) immutable = f;
      });
      if (!immutable) {
        console.log('skipped: chattr +i is not supported here (file system or missing CAP_LINUX_IMMUTABLE)');
        ctx.skip();
        return;
      }
      expect(r.code).toBe(2);
      expect(r.err).toBe('composeshift: p001/compose.yaml: file is immutable or append-only (chattr +i/+a) (EPERM); nothing was written\n');
      expect(readFileSync(path.join(r.root, 'p000/compose.yaml'), 'utf8')).toBe(OLD);
      expect(readFileSync(path.join(r.root, 'p001/compose.yaml'), 'utf8')).toBe(OLD);
      expect(tree(r.root).filter((f) => f.includes('composeshift-') || f.startsWith('.composeshift'))).toEqual([]);
    } finally {
      if (immutable) await execa('chattr', ['-i', immutable]);
    }
  });
});

/** Run a command, true when it exited 0 (never throws). */
function succeeds(cmd: string, args: string[]): boolean {
  try {
    return execaSync(cmd, args).exitCode === 0;
  } catch {
    return false;
  }
}
