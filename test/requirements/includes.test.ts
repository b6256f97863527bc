import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readSourceFile } from '../../src/core/source.js';
import { collectRequirementFiles } from '../../src/requirements/index.js';

let base: string;
let root: string;
let reads: string[];

beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'composeshift-req-'));
  root = path.join(base, 'repo');
  mkdirSync(root);
  reads = [];
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

function write(rel: string, text: string, dir = root): string {
  const abs = path.join(dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

/** The real reader, recording which files were read. */
const read = (abs: string) => {
  reads.push(path.relative(root, abs));
  return readSourceFile(abs, root);
};

const collect = (entry: string) => collectRequirementFiles(path.join(root, entry), root, read);
const rel = (p: string) => path.relative(root, p);

describe('collectRequirementFiles', () => {
  test('follows -r and -c relative to the including file, depth first, each file once', () => {
    write('svc/requirements.txt', 'flask\n-r common/base.txt\r\n--constraint=../constraints.txt\n-r common/base.txt\n');
    write('svc/common/base.txt', '# base\n-r ./more.txt\nrequests\n');
    write('svc/common/more.txt', 'numpy');
    write('constraints.txt', 'numpy<2\n');
    const { files, errors } = collect('svc/requirements.txt');
    expect(errors).toEqual([]);
    expect(files.map((f) => [rel(f.path), f.includedFrom && [rel(f.includedFrom.path), f.includedFrom.line, f.includedFrom.kind]])).toEqual([
      ['svc/requirements.txt', undefined],
      ['svc/common/base.txt', ['svc/requirements.txt', 2, 'requirement']],
      ['svc/common/more.txt', ['svc/common/base.txt', 2, 'requirement']],
      ['constraints.txt', ['svc/requirements.txt', 3, 'constraint']],
    ]);
    expect(files[2]!.parsed.lines[0]!.requirement!.name!.text).toBe('numpy');
    expect(files[0]!.source.rel).toBe('svc/requirements.txt');
  });

  test('a diamond is read once; a cycle is an error at the include line', () => {
    write('a.txt', '-r b.txt\n-r c.txt\n');
    write('b.txt', '-r d.txt\n');
    write('c.txt', 'x\n-r d.txt\n');
    write('d.txt', 'y\n-r a.txt\n');
    const { files, errors } = collect('a.txt');
    expect(files.map((f) => rel(f.path))).toEqual(['a.txt', 'b.txt', 'd.txt', 'c.txt']);
    expect(errors.map((e) => e.format())).toEqual(['d.txt:2:4: include cycle: a.txt -> b.txt -> d.txt -> a.txt\n  -r a.txt\n     ^']);
  });

  test('a file including itself', () => {
    write('a.txt', '--requirement a.txt\n');
    const { files, errors } = collect('a.txt');
    expect(files).toHaveLength(1);
    expect(errors.map((e) => e.format())).toEqual(['a.txt:1:15: include cycle: a.txt -> a.txt\n  --requirement a.txt\n                ^']);
  });

  test('an include outside the root is an error at the include line and is not read', () => {
    write('outside.txt', 'evil\n', base);
    write('req.txt', 'ok\r\n-c ../outside.txt\r\n');
    const { files, errors } = collect('req.txt');
    expect(files.map((f) => rel(f.path))).toEqual(['req.txt']);
    expect(reads).toEqual(['req.txt']);
    expect(errors).toHaveLength(1);
    expect([errors[0]!.file, errors[0]!.line, errors[0]!.col, errors[0]!.sourceLine]).toEqual(['req.txt', 2, 4, '-c ../outside.txt']);
    expect(errors[0]!.message).toBe(`--constraint '../outside.txt' resolves outside the root (../outside.txt); use --allow-outside-root to follow it`);
  });

  test('an absolute include outside the root, and a symlink pointing outside', () => {
    const outside = write('outside.txt', 'evil\n', base);
    symlinkSync(outside, path.join(root, 'link.txt'));
    write('req.txt', `-r ${outside}\n-r link.txt\n`);
    const { files, errors } = collect('req.txt');
    expect(files.map((f) => rel(f.path))).toEqual(['req.txt']);
    expect(reads).toEqual(['req.txt']);
    expect(errors.map((e) => [e.line, e.col, /resolves outside the root/.test(e.message)])).toEqual([
      [1, 4, true],
      [2, 4, true],
    ]);
  });

  test('a missing include is an error at the include line', () => {
    write('req.txt', 'a\n\n-r nope.txt # gone\n');
    const { files, errors } = collect('req.txt');
    expect(files).toHaveLength(1);
    expect(errors.map((e) => e.format())).toEqual(["req.txt:3:4: cannot read --requirement 'nope.txt': cannot read file (ENOENT)\n  -r nope.txt # gone\n     ^"]);
  });

  test('a remote include is an error (it cannot be inspected)', () => {
    write('req.txt', '-r https://example.com/req.txt\n');
    const { errors } = collect('req.txt');
    expect(errors.map((e) => [e.line, e.message])).toEqual([[1, "cannot follow remote --requirement 'https://example.com/req.txt'"]]);
  });

  test('a missing entry is the reader’s own error', () => {
    const { files, errors } = collect('none.txt');
    expect(files).toEqual([]);
    expect(errors.map((e) => e.format())).toEqual(['none.txt: cannot read file (ENOENT)']);
  });
});
