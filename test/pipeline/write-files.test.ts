import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { readSourceFile } from '../../src/core/source.js';
import { writeAll } from '../../src/pipeline/write-files.js';
import { tempProject } from '../helpers/temp-project.js';

describe('writeAll', () => {
  it('keeps BOM, CRLF and the file mode; leaves no temp files', () => {
    const dir = tempProject({ 'a.yaml': '\uFEFFa: 1\r\nb: 2\r\n' });
    const abs = path.join(dir, 'a.yaml');
    chmodSync(abs, 0o640);
    const source = readSourceFile(abs, dir);
    expect(source.bom).toBe(true);
    expect(source.eol).toBe('\r\n');
    writeAll([{ source, after: source.text.replace('b: 2', 'b: 3') }]);
    expect(readFileSync(abs, 'utf8')).toBe('\uFEFFa: 1\r\nb: 3\r\n');
    expect(statSync(abs).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('writes all files or none: one changed on disk stops every write', () => {
    const dir = tempProject({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const a = readSourceFile(path.join(dir, 'a.txt'), dir);
    const b = readSourceFile(path.join(dir, 'b.txt'), dir);
    writeFileSync(b.path, 'changed by someone else\n');
    expect(() => writeAll([{ source: a, after: 'A\n' }, { source: b, after: 'B\n' }])).toThrow(InputError);
    expect(readFileSync(a.path, 'utf8')).toBe('a\n');
    expect(readFileSync(b.path, 'utf8')).toBe('changed by someone else\n');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt']);
  });
});
