import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { TarReader, type TarFile } from '../../src/docker/tar-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-imgmeta-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LONG = `usr/local/lib/python3.11/site-packages/${'a_very_long_distribution_name_'.repeat(4)}-1.0.dist-info`;
const FILES: Record<string, string | Buffer> = {
  'usr/local/lib/python3.11/site-packages/six-1.16.0.dist-info/RECORD': 'six.py,sha256=x,34549\n',
  'usr/local/lib/python3.11/site-packages/six.py': Buffer.alloc(34549, 0x61),
  [`${LONG}/METADATA`]: 'Name: long\n',
  'usr/bin/big': Buffer.alloc(1_000_003, 1),
  'empty.txt': '',
};

/** Write FILES, archive them with the real tar in `format`, return the archive bytes. */
async function archive(format: string): Promise<Buffer> {
  const root = path.join(dir, format);
  for (const [rel, body] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), body);
  }
  const out = path.join(dir, `${format}.tar`);
  await execa('tar', ['--format', format, '-cf', out, '-C', root, '.']);
  return (await import('node:fs')).readFileSync(out);
}

/** Feed the archive in chunks of `size` bytes; keep bodies of *.dist-info files. */
function read(tar: Buffer, size: number): { files: TarFile[]; done: boolean } {
  const files: TarFile[] = [];
  const r = new TarReader((p) => p.includes('.dist-info/'), (f) => files.push(f));
  for (let i = 0; i < tar.length; i += size) r.push(tar.subarray(i, i + size));
  return { files, done: r.done };
}

describe('TarReader on archives written by the real tar', () => {
  test.each(['gnu', 'pax', 'ustar'])('%s format: paths (long ones too), sizes, and only the asked-for bodies', async (format) => {
    if (format === 'ustar') delete FILES[`${LONG}/METADATA`]; // ustar cannot store a name this long
    const tar = await archive(format);
    for (const chunk of [1, 511, 512, 4096, tar.length]) {
      const { files, done } = read(tar, chunk);
      expect(done).toBe(true);
      const byPath = new Map(files.map((f) => [f.path, f]));
      expect([...byPath.keys()].sort()).toEqual(Object.keys(FILES).sort());
      for (const [p, body] of Object.entries(FILES)) {
        const f = byPath.get(p)!;
        expect(f.size, p).toBe(Buffer.byteLength(body));
        if (p.includes('.dist-info/')) expect(f.body?.toString('latin1'), p).toBe(body.toString());
        else expect(f.body, p).toBeUndefined();
      }
    }
  });
});
