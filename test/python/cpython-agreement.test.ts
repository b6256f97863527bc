import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, test } from 'vitest';
import { stdlibCorpus } from '../../bench/python-scan.js';
import { scanImportsBytes } from '../../src/python/scan-imports.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, '../fixtures/python');
const tricky = path.join(fixtures, 'tricky');

type Entry = [top: string, kind: string, typeOnly: boolean, inTry: boolean];
interface RefRecord {
  file: string;
  ok: boolean;
  imports?: Entry[];
  error?: string;
}

/** Run the CPython reference (fixtures/python/ast_imports.py) over files; one record per file. */
async function reference(files: string[]): Promise<Map<string, RefRecord>> {
  const { stdout } = await execa('python3', [path.join(fixtures, 'ast_imports.py')], {
    input: files.join('\n') + '\n',
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = new Map<string, RefRecord>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const rec = JSON.parse(line) as RefRecord;
    out.set(rec.file, rec);
  }
  return out;
}

/** What the scanner finds, in the reference's shape: absolute imports only. */
function scanned(file: string): Entry[] {
  return scanImportsBytes(readFileSync(file))
    .imports.filter((i) => !i.relative)
    .map((i): Entry => [i.top, i.kind, i.typeOnly, i.inTry]);
}

const key = (e: Entry): string => e.join('|');
const sorted = (es: Entry[]): string[] => es.map(key).sort();

describe('agreement with CPython ast', () => {
  let stdlib: string[] = [];
  let trickyFiles: string[] = [];
  let ref = new Map<string, RefRecord>();

  beforeAll(async () => {
    stdlib = await stdlibCorpus();
    trickyFiles = readdirSync(tricky)
      .filter((f) => f.endsWith('.py'))
      .sort()
      .map((f) => path.join(tricky, f));
    ref = await reference([...stdlib, ...trickyFiles]);
  });

  function compare(files: string[]): { compared: number; unparsable: string[]; mismatches: string[] } {
    let compared = 0;
    const unparsable: string[] = [];
    const mismatches: string[] = [];
    for (const file of files) {
      const rec = ref.get(file);
      expect(rec, file).toBeDefined();
      const mine = scanned(file); // must not throw, parsable or not
      if (!rec!.ok) {
        unparsable.push(`${path.basename(file)}: ${rec!.error}`);
        continue;
      }
      compared++;
      const want = sorted(rec!.imports!);
      const got = sorted(mine);
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        const missing = want.filter((w) => !got.includes(w));
        const extra = got.filter((g) => !want.includes(g));
        mismatches.push(`${file}\n  missing: ${missing.join(', ')}\n  extra: ${extra.join(', ')}`);
      }
    }
    return { compared, unparsable, mismatches };
  }

  test('stdlib files: same imports (top-level name, kind, typeOnly, inTry) as ast', () => {
    expect(stdlib.length).toBeGreaterThan(300);
    const r = compare(stdlib);
    console.log(`cpython-agreement: stdlib ${r.compared} files compared, ${r.unparsable.length} not parsable by CPython`);
    expect(r.mismatches).toEqual([]);
    expect(r.compared).toBeGreaterThan(300);
  });

  test('tricky fixtures: same imports as ast', () => {
    expect(trickyFiles.length).toBeGreaterThan(10);
    const r = compare(trickyFiles);
    console.log(
      `cpython-agreement: tricky ${r.compared} files compared, ${r.unparsable.length} not parsable by CPython` +
        (r.unparsable.length ? `:\n  ${r.unparsable.join('\n  ')}` : ''),
    );
    expect(r.mismatches).toEqual([]);
    // The fixtures exercise every flag, so a scanner that dropped one would disagree above.
    const all = trickyFiles.flatMap((f) => ref.get(f)!.imports ?? []);
    expect(all.some((e) => e[1] === 'dynamic')).toBe(true);
    expect(all.some((e) => e[2])).toBe(true);
    expect(all.some((e) => e[3])).toBe(true);
    expect(r.compared).toBe(trickyFiles.length - 2); // pep701_fstrings.py and syntax_error.py need 3.12 / are broken
  });
});
