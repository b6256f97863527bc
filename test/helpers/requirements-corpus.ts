import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRequirements } from '../../src/requirements/index.js';
import { CORPUS_DIR } from './corpus-path.js';

const DIR = path.join(CORPUS_DIR, 'requirements');

/** The corpus's requirements files, sorted. */
export const REQUIREMENTS_FILES: string[] = readdirSync(DIR).filter((f) => /\.(txt|in)$/.test(f)).sort();

/** corpus file name → [repo, path in the repo], from MANIFEST.tsv. */
const origin = new Map(
  readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[0] === 'requirements' && c[1] && c[4])
    .map((c) => [path.basename(c[1]!), [c[2]!, c[4]!] as const]),
);

/**
 * A corpus requirements file and its siblings from the same repository, laid out under `app/` at their own
 * paths so that includes resolve; includes of files the corpus does not hold become empty files.
 */
export function requirementsTree(name: string): { tree: Record<string, string>; own: string; text: string } {
  const [repo, own] = origin.get(name)!;
  const tree: Record<string, string> = {};
  for (const [f, [r, p]] of origin) if (r === repo) tree[`app/${p}`] = readFileSync(path.join(DIR, f), 'utf8');
  for (const [rel, body] of Object.entries(tree)) {
    for (const o of parseRequirements(body).lines.flatMap((l) => l.options)) {
      if ((o.name !== '--requirement' && o.name !== '--constraint') || !o.value) continue;
      const target = path.posix.join(path.posix.dirname(rel), o.value.text);
      if (target.startsWith('app/')) tree[target] ??= '';
    }
  }
  return { tree, own, text: readFileSync(path.join(DIR, name), 'utf8') };
}
