import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, CONFIG, NEW, OLD, cleanTemps, stats, tempDir, writeTree } from './project.js';

// apply's write step on hostile file systems, through the real binary (red-team round 2). Each case: the run
// either writes every file (keeping modes, links, inodes and bytes around the edit) or exits 2 with one clear
// line, every file as it was, no stack trace.

afterAll(async () => {
  // chattr flags first, or the temp folders cannot be removed.
  for (const d of chattred) await execa('chattr', ['-i', '-a', d], { reject: false });
  cleanTemps();
});

const chattred: string[] = [];
const isRoot = process.getuid?.() === 0;

async function cli(cwd: string, args: string[], user?: number) {
  const cmd = user === undefined ? ['node', BIN, ...args] : ['setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', 'node', BIN, ...args];
  const r = await execa(cmd[0]!, cmd.slice(1), { cwd, env: { NO_COLOR: '1', HOME: '/tmp' }, reject: false });
  return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** One compose project (project name `rt2w`) at 128M that the config raises to 192M. */
function project(compose = OLD): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': compose, 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['rt2w']) });
  return dir;
}

/** Two compose projects p1, p2 (one `apply --recursive` writes both). */
function twoProjects(): string {
  const dir = tempDir();
  writeTree(dir, { 'composeshift.config.yaml': CONFIG, 'stats.txt': stats(['p1', 'p2']), 'p1/compose.yaml': OLD, 'p2/compose.yaml': OLD });
  return dir;
}

/** Every name under dir (dot files included), sorted: what a failed run must leave exactly as it was. */
function names(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** chattr a path; false (and a printed reason) where the file system cannot set the flag. */
async function chattr(flag: string, p: string): Promise<boolean> {
  const r = await execa('chattr', [flag, p], { reject: false });
  if (r.exitCode !== 0) {
    console.log(`skipped: chattr ${flag} is not available here (${String(r.stderr).trim()})`);
    return false;
  }
  chattred.push(p);
  return true;
}

const apply = ['apply', '--usage', 'stats.txt', '-p', 'rt2w', '-q'];
const applyAll = ['apply', '--recursive', '--usage', 'stats.txt', '-q'];

describe('the second of two files cannot be replaced', () => {
  it('an append-only folder (rename refused): the first file is put back in its own inode, exit 2, leftovers named', async () => {
    const dir = twoProjects();
    const p1 = path.join(dir, 'p1/compose.yaml');
    const ino = statSync(p1).ino;
    if (!(await chattr('+a', path.join(dir, 'p2')))) return;
    const r = await cli(dir, applyAll);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error|\n {4}at /);
    expect(r.stderr).toMatch(/^composeshift: p2\/compose\.yaml: cannot write \(EPERM on rename: its new text renamed over it in p2\); nothing was written; 2 temp files could not be removed \(p2\/\.compose\.yaml\.composeshift-[0-9a-z-]+\.new, p2\/\.compose\.yaml\.composeshift-[0-9a-z-]+\.old\): the next run removes them$/);
    expect(readFileSync(p1, 'utf8')).toBe(OLD);
    expect(statSync(p1).ino).toBe(ino);
    expect(readFileSync(path.join(dir, 'p2/compose.yaml'), 'utf8')).toBe(OLD);
    expect(existsSync(path.join(dir, '.composeshift'))).toBe(false);
    await execa('chattr', ['-a', path.join(dir, 'p2')]);
    const again = await cli(dir, ['plan', '--recursive', '--usage', 'stats.txt', '-q']);
    expect(again.stderr).toBe('composeshift: removed 2 temp files left by an interrupted older run');
    expect(names(path.join(dir, 'p2'))).toEqual(['compose.yaml']);
  });

  it('an immutable file as the second: refused before anything is written', async () => {
    const dir = twoProjects();
    const before = names(dir);
    if (!(await chattr('+i', path.join(dir, 'p2/compose.yaml')))) return;
    const r = await cli(dir, applyAll);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('composeshift: p2/compose.yaml: file is immutable or append-only (chattr +i/+a) (EPERM); nothing was written');
    expect(readFileSync(path.join(dir, 'p1/compose.yaml'), 'utf8')).toBe(OLD);
    expect(names(dir)).toEqual(before);
  });
});

describe('a folder that takes no new names, the file itself writable: written in place', () => {
  it('an immutable folder (chattr +i): both files written, the inode kept, no temp left', async () => {
    const dir = twoProjects();
    const p2 = path.join(dir, 'p2/compose.yaml');
    const ino = statSync(p2).ino;
    if (!(await chattr('+i', path.join(dir, 'p2')))) return;
    const r = await cli(dir, applyAll);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'p1/compose.yaml'), 'utf8')).toBe(NEW);
    expect(readFileSync(p2, 'utf8')).toBe(NEW);
    expect(statSync(p2).ino).toBe(ino);
    expect(names(path.join(dir, 'p2'))).toEqual(['compose.yaml']);
    expect(existsSync(path.join(dir, '.composeshift'))).toBe(false);
  });

  it.skipIf(!isRoot)('a folder of mode 0555 for a user who owns the file (setpriv nobody): written in place (was EACCES, exit 2)', async () => {
    const dir = twoProjects();
    chmodSync(path.dirname(dir), 0o755);
    for (const rel of ['.', 'p1', 'p2', 'p1/compose.yaml', 'p2/compose.yaml', 'composeshift.config.yaml', 'stats.txt']) chownSync(path.join(dir, rel), 65534, 65534);
    chmodSync(path.join(dir, 'p2'), 0o555);
    const r = await cli(dir, applyAll, 65534);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'p2/compose.yaml'), 'utf8')).toBe(NEW);
    expect(statSync(path.join(dir, 'p2/compose.yaml')).uid).toBe(65534);
    expect(names(path.join(dir, 'p2'))).toEqual(['compose.yaml']);
    expect((await cli(dir, ['plan', '--recursive', '--check', '--usage', 'stats.txt', '-q'], 65534)).code).toBe(0);
  });
});

describe("composeshift's own state folder is not a folder", () => {
  for (const [what, was, make] of [
    ['a file', 'an internal error with a stack trace', (p: string) => writeFileSync(p, 'hello\n')],
    ['a symbolic link', 'the lock and journal written where it leads, outside the root', (p: string) => symlinkSync(path.dirname(path.dirname(p)), p)],
  ] as const) {
    it(`.composeshift is ${what}: exit 2 naming it, nothing written (was ${was})`, async () => {
      const dir = project();
      make(path.join(dir, '.composeshift'));
      const r = await cli(dir, apply);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`composeshift: .composeshift in ${dir} is ${what}: composeshift keeps its lock and journal in a folder of that name; move it away. Nothing was written`);
      expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
    });
  }
});

describe('files keep their identity and every byte not asked', () => {
  it('modes 0755, 0600, 4755 and 1777 are kept', async () => {
    for (const mode of [0o755, 0o600, 0o4755, 0o1777]) {
      const dir = project();
      chmodSync(path.join(dir, 'compose.yaml'), mode);
      const r = await cli(dir, apply);
      expect(r.code).toBe(0);
      expect(statSync(path.join(dir, 'compose.yaml')).mode & 0o7777).toBe(mode);
      expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
    }
  });

  it('BOM, CRLF, a lone LF, trailing spaces, a tab and no final newline: only the value changes', async () => {
    const old = '\uFEFFservices:\r\n  app:  \r\n    image: busybox\t\r\n    mem_limit: 128M # keep\r\n    # lf only   \n    environment:\r\n      A: "x"';
    const dir = project(old);
    const r = await cli(dir, apply);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'))).toEqual(Buffer.from(old.replace('128M', '192M'), 'utf8'));
    expect((await cli(dir, ['plan', '--check', '--usage', 'stats.txt', '-p', 'rt2w'])).code).toBe(0);
  });

  it('a symlink inside the root: its target is written, the link stays a link', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'real'));
    renameSync(path.join(dir, 'compose.yaml'), path.join(dir, 'real/compose.yaml'));
    symlinkSync('real/compose.yaml', path.join(dir, 'compose.yaml'));
    const r = await cli(dir, apply);
    expect(r.code).toBe(0);
    expect(lstatSync(path.join(dir, 'compose.yaml')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dir, 'compose.yaml'))).toBe('real/compose.yaml');
    expect(readFileSync(path.join(dir, 'real/compose.yaml'), 'utf8')).toBe(NEW);
  });

  it('a symlink leading out of the root: exit 2 saying where it leads, the target untouched', async () => {
    const dir = project();
    const outside = tempDir();
    renameSync(path.join(dir, 'compose.yaml'), path.join(outside, 'compose.yaml'));
    symlinkSync(path.join(outside, 'compose.yaml'), path.join(dir, 'compose.yaml'));
    const r = await cli(dir, apply);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`composeshift: compose.yaml: file leads through a symbolic link to ${path.join(outside, 'compose.yaml')}, outside the root (compose.yaml); composeshift reads and writes only inside the root unless --allow-outside-root`);
    expect(readFileSync(path.join(outside, 'compose.yaml'), 'utf8')).toBe(OLD);
  });
});

describe.skipIf(!existsSync('/proc/self/stat'))("a lock whose pid now names another process", () => {
  /** This test process's start time, as the lock records it (field 22 of /proc/PID/stat). */
  const myStart = () => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  };

  it('a live pid that started at another time (reused after a kill or reboot) does not hold the lock (was exit 2 forever)', async () => {
    const dir = project();
    mkdirSync(path.join(dir, '.composeshift'));
    writeFileSync(path.join(dir, '.composeshift/lock'), `${process.pid} 1\n`);
    const r = await cli(dir, apply);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(NEW);
    expect(existsSync(path.join(dir, '.composeshift'))).toBe(false);
  });

  it('control: the live process that wrote the lock (pid and start time) still holds it', async () => {
    const dir = project();
    mkdirSync(path.join(dir, '.composeshift'));
    writeFileSync(path.join(dir, '.composeshift/lock'), `${process.pid} ${myStart()}\n`);
    const r = await cli(dir, apply);
    expect(r.stderr).toMatch(new RegExp(`^composeshift: another composeshift apply \\(pid ${process.pid}\\) is writing this project`));
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(OLD);
  });
});
