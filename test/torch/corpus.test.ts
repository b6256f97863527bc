import { CORPUS_DIR } from '../helpers/corpus-path.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../src/requirements/index.js';
import { plan, project, write } from './helpers.js';

const CORPUS = CORPUS_DIR;
const DIR = path.join(CORPUS, 'requirements');
const files = readdirSync(DIR).filter((f) => /\.(txt|in)$/.test(f)).sort();
/** corpus file name → [repo, path in the repo], from MANIFEST.tsv. */
const origin = new Map(
  readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[0] === 'requirements' && c[1] && c[4])
    .map((c) => [path.basename(c[1]!), [c[2]!, c[4]!] as const]),
);

/** Every real-world requirements file: the plan verifies, a second run has no edits, and only torch lines and index lines change. */
describe('torch-cpu on the real-world corpus', () => {
  it.each(files)('%s', async (name) => {
    const text = readFileSync(path.join(DIR, name), 'utf8');
    // The file and its siblings from the same repository at their own paths, so includes resolve.
    const [repo, own] = origin.get(name)!;
    const tree: Record<string, string> = {};
    for (const [f, [r, p]] of origin) if (r === repo) tree[`app/${p}`] = readFileSync(path.join(DIR, f), 'utf8');
    // Includes of files the corpus does not hold become empty files.
    for (const [rel, body] of Object.entries(tree)) {
      for (const o of parseRequirements(body).lines.flatMap((l) => l.options)) {
        if ((o.name !== '--requirement' && o.name !== '--constraint') || !o.value) continue;
        const target = path.posix.join(path.posix.dirname(rel), o.value.text);
        if (target.startsWith('app/')) tree[target] ??= '';
      }
    }
    tree['app/Dockerfile'] = `FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r ${own}\n`;
    const dir = project(tree);
    const { plan: p, out } = await plan(dir);
    const after = out[`app/${own}`];
    if (after !== undefined) {
      const before = parseRequirements(text).lines.filter((l) => l.kind === 'requirement').map((l) => l.requirement!.name?.normalized);
      const now = parseRequirements(after).lines.filter((l) => l.kind === 'requirement').map((l) => l.requirement!.name?.normalized);
      // Only torch lines may be added (a transitive torch, a macOS half).
      expect(now.filter((n) => n !== 'torch')).toEqual(before.filter((n) => n !== 'torch'));
      write(dir, out);
      expect((await plan(dir)).plan.edits).toEqual([]);
    }
    expect(p.findings.some((f) => f.code.startsWith('torch-') || f.code.endsWith('-mismatch'))).toBe(true);
  });
});
