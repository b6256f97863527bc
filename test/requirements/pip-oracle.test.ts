import { CORPUS_DIR } from '../helpers/corpus-path.js';
import { execa } from 'execa';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { parseRequirements, type LogicalLine } from '../../src/requirements/index.js';
import { reqLine } from './arbitraries.js';

/**
 * Differential test: pip's own requirements-file reader (python3 + pip) is the oracle for line joining,
 * comments, option reading, requirement/option split, names, specifiers and markers.
 */

const ORACLE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pip-oracle.py');
const CORPUS = path.join(CORPUS_DIR, 'requirements');

interface OracleLine {
  line: number;
  args?: string;
  options?: Record<string, string[]>;
  req?: { name: string | null; spec?: string[] | null; marker?: string | null; editable?: boolean };
  error?: string;
}

const probe = await execa('python3', ['-c', 'import pip._internal.req.req_file, packaging.requirements'], { reject: false });
const available = probe.exitCode === 0;
if (!available) console.warn(`[pip oracle] skipped: python3 with pip and packaging is not importable (${probe.stderr.split('\n').pop()})`);

// Paths in requirement lines must not resolve to real directories for pip: run it in an empty folder.
const cwd = mkdtempSync(path.join(tmpdir(), 'composeshift-pip-oracle-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

async function oracle(texts: string[]): Promise<OracleLine[][]> {
  const { stdout } = await execa('python3', [ORACLE], { input: JSON.stringify(texts), cwd });
  return JSON.parse(stdout) as OracleLine[][];
}

const SIMPLE = new Set(['--requirement', '--constraint', '--editable', '--index-url', '--extra-index-url', '--find-links', '--trusted-host', '--pre', '--no-index', '--prefer-binary', '--require-hashes', '--use-feature']);

/** What we saw, in the oracle's terms. */
function ours(l: LogicalLine): OracleLine {
  if (l.kind === 'invalid') return { line: l.line, error: l.error! };
  const options: Record<string, string[]> = {};
  for (const o of [...l.options].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!SIMPLE.has(o.name) && o.name !== '--hash') continue;
    (options[o.name] ??= []).push(...(o.value ? [o.value.text] : []));
  }
  if (options['--hash']) options['--hash'].sort();
  const out: OracleLine = { line: l.line, options };
  const r = l.requirement;
  if (r?.editable) out.req = { name: r.name?.normalized ?? null, editable: true };
  else if (r) {
    const spec = r.form === 'pep508' && !r.url ? r.specifier!.text.split(',').map((c) => c.replace(/\s+/g, '')).filter((c) => c !== '').sort() : null;
    out.req = { marker: r.marker?.text || null, name: r.name?.normalized ?? null, spec };
  }
  return out;
}

/** The oracle's line in the same shape (args dropped, names it could not know taken from us). */
function theirs(o: OracleLine, us: OracleLine): OracleLine {
  if (o.error) return { line: o.line, error: us.error ?? o.error };
  const options = Object.fromEntries(Object.entries(o.options!).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const out: OracleLine = { line: o.line, options };
  // pip 23.2 keeps `[extras]` of `#egg=name[extras]` in the name; we do not.
  if (o.req?.editable) out.req = { name: o.req.name?.replace(/\[.*$/, '') ?? us.req?.name ?? null, editable: true };
  else if (o.req) out.req = { marker: o.req.marker ?? null, name: o.req.name ?? null, spec: o.req.spec ?? null };
  return out;
}

/** Compare one text; returns the differences (empty when pip and we agree). */
function compare(text: string, theirLines: OracleLine[]): string[] {
  const mineLines = parseRequirements(text).lines.filter((l) => l.kind !== 'blank' && l.kind !== 'comment');
  const mine = mineLines.map(ours);
  const diffs: string[] = [];
  if (mine.map((l) => l.line).join() !== theirLines.map((l) => l.line).join()) {
    return [`line numbers: ours ${mine.map((l) => l.line).join()} pip ${theirLines.map((l) => l.line).join()}`];
  }
  mine.forEach((us, i) => {
    const them = theirLines[i]!;
    // Unknown options are kept opaque by design; pip rejects them.
    if (them.error?.includes('no such option') && !us.error) return;
    // Without a disk to look at, a word with '/' is taken as a local path; pip (in an empty folder) fails it.
    if (them.error && !them.error.startsWith('InvalidWheelFilename') && mineLines[i]!.requirement?.form === 'path') return;
    const a = JSON.stringify(us);
    const b = JSON.stringify(theirs(them, us));
    if (a !== b) diffs.push(`line ${us.line}:\n  ours ${a}\n  pip  ${b}${them.error ? `\n  (${them.error})` : ''}`);
  });
  return diffs;
}

const chunk = fc.constantFrom(' ', '\t', '#', ' #', '\\\n', '\n', ';', ',', '[', ']', '(', ')', '==', '>=', '=', '@', '-', '--pre', ' --hash=sha256:ab', '"', "'", 'a', '1', '.', '*', '+', '!');
/** A requirement line, sometimes with a few characters inserted that may break it. */
const perturbed = fc.tuple(reqLine, fc.array(fc.tuple(fc.nat(), chunk), { maxLength: 2 })).map(([g, cuts]) => {
  let t = g.text;
  for (const [at, c] of cuts) t = t.slice(0, at % (t.length + 1)) + c + t.slice(at % (t.length + 1));
  return t;
});
const optionLine = fc.constantFrom(
  '-r base.txt',
  '-rbase.txt',
  '--requirement=base.txt',
  '-c c.txt',
  '-i https://pypi.org/simple',
  '--index-url=https://a/simple  # idx',
  '--extra-index-url https://download.pytorch.org/whl/cpu',
  '-f ./wheels',
  '--find-links=https://x/links.html',
  '--trusted-host h.example',
  '--pre',
  '--no-index',
  '--prefer-binary',
  '--require-hashes',
  '--pre --extra-index-url https://x',
  '--index-url "https://a/simple"',
  '-e git+https://h/r.git#egg=My_Pkg',
  '-e git+https://h/r.git@v1#egg=pkg[x]',
  '-r',
  '--pre=1',
  '--index-url "https://a',
  'https://h/pkg-1.0-py3-none-any.whl',
  'https://h/p.zip#egg=pkgz; python_version < "3.12"',
  'git+https://h/r.git#egg=vcs_pkg',
  'name @ https://h/n.tar.gz ; extra == "x"',
  'foo (>=1.0, <2)',
  '# only a comment',
  '',
);
const fileText = fc
  .tuple(fc.array(fc.oneof(perturbed, reqLine.map((g) => g.text), optionLine), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([lines, eol, final]) => lines.join(eol).replaceAll('\n', eol).replaceAll('\r\r\n', '\r\n') + (final ? eol : ''));

// Lines of parser-relevant characters; no lone \r (Python's splitlines breaks there, LineIndex does not).
const piece = fc.constantFrom('\n', '\r\n', '\\', '#', ' ', '\t', '-', '--', '-r', '-e', '--hash=', '--pre', ';', '[', ']', '(', ')', '"', "'", '=', '==', '>=', '@', ',', 'a', 'B_c', '1', '.', '/', ':', 'x.whl', 'git+https://h/r', '#egg=', 'sha256:', ' and ', 'python_version', 'é');
const soup = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe.skipIf(!available)('agrees with pip on', () => {
  test('every corpus file', async () => {
    if (!existsSync(CORPUS)) return console.warn('[pip oracle] corpus absent: corpus part skipped');
    const files = readdirSync(CORPUS);
    const texts = files.map((f) => readFileSync(path.join(CORPUS, f), 'utf8'));
    const results = await oracle(texts);
    const diffs = texts.flatMap((t, i) => compare(t, results[i]!).map((d) => `${files[i]}: ${d}`));
    expect(diffs).toEqual([]);
  });

  test('generated and perturbed lines', async () => {
    const texts = fc.sample(fileText, { numRuns: 600, seed: Number(process.env.REQ_ORACLE_SEED ?? 20240605) });
    const results = await oracle(texts);
    const diffs = texts.flatMap((t, i) => compare(t, results[i]!).map((d) => `${JSON.stringify(t)}: ${d}`));
    expect(diffs.slice(0, 10)).toEqual([]);
  });

  test('soups of parser-relevant characters', async () => {
    const texts = fc.sample(soup, { numRuns: 600, seed: Number(process.env.REQ_ORACLE_SEED ?? 20240605) });
    const results = await oracle(texts);
    const diffs = texts.flatMap((t, i) => compare(t, results[i]!).map((d) => `${JSON.stringify(t)}: ${d}`));
    expect(diffs.slice(0, 10)).toEqual([]);
  });
});
