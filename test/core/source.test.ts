import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { isConfined, lineAt, lineIndexOf, readSourceFile, sourceFromText } from '../../src/core/source.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'composeshift-source-'));
  dirs.push(d);
  return d;
}
function readError(abs: string, root: string): InputError {
  try {
    readSourceFile(abs, root);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('read did not fail');
}

describe('readSourceFile reads only regular text files', () => {
  it('a FIFO is refused from the opened descriptor, without blocking', () => {
    const d = tmp();
    execFileSync('mkfifo', [path.join(d, 'compose.yaml')]);
    expect(readError(path.join(d, 'compose.yaml'), d).format()).toBe('compose.yaml: not a regular file (a FIFO); it is never read');
  });

  it('/proc is never read, even through a symlink inside the root', () => {
    const d = tmp();
    symlinkSync('/proc/self/environ', path.join(d, 'env.yaml'));
    expect(readError(path.join(d, 'env.yaml'), d).message).toMatch(/^not a regular file \(\/proc\/.*environ is a kernel pseudo-file; it is never read\)$/);
    expect(readError('/proc/self/environ', d).sourceLine).toBeUndefined();
  });

  it('a device is refused', () => {
    expect(readError('/dev/null', '/').message).toMatch(/kernel pseudo-file/);
  });

  it('binary bytes are "not a text file" at line:col, and no byte of the file is echoed', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'docker-compose.yml'), Buffer.concat([Buffer.from('services:\n  SECRETBYTES'), Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a])]));
    const err = readError(path.join(d, 'docker-compose.yml'), d);
    expect(err.format()).toBe('docker-compose.yml:2:14: not a text file (byte 23 is not UTF-8 text)');
  });

  it('invalid UTF-8 without NUL is the same error', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'c.yaml'), Buffer.from([0x61, 0x0a, 0x62, 0xff]));
    expect(readError(path.join(d, 'c.yaml'), d).format()).toBe('c.yaml:2:2: not a text file (byte 3 is not UTF-8 text)');
  });
});

describe('InputError prints a caret line only for text', () => {
  it('a line with control characters is left out', () => {
    expect(new InputError('bad', 'f', 1, 2, 'a\u001b[2Jb').format()).toBe('f:1:2: bad');
    expect(new InputError('bad', 'f', 1, 2, 'a\tb').format()).toBe('f:1:2: bad\n  a\tb\n   ^');
  });
});

describe('isConfined', () => {
  it('by path and through symlinks', () => {
    const d = tmp();
    const out = tmp();
    symlinkSync(out, path.join(d, 'link'));
    expect(isConfined(d, path.join(d, 'a/b.txt'))).toBe(true);
    expect(isConfined(d, path.join(d, '../x'))).toBe(false);
    expect(isConfined(d, path.join(d, 'link'))).toBe(false);
    expect(isConfined(d, path.join(d, '..foo'))).toBe(true);
  });
});

describe('one line index per source', () => {
  it('lineAt answers from one index, built once per SourceFile and rebuilt for a new text', () => {
    const s = sourceFromText('a', 'x\ny\r\nz');
    expect([0, 1, 2, 4, 5, 6].map((o) => lineAt(s, o))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(lineIndexOf(s)).toBe(lineIndexOf(s));
    const changed = { ...s, text: 'only one line' };
    expect(lineAt(changed, 5)).toBe(1);
  });
});
