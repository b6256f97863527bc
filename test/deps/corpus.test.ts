import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAll } from '../../src/pipeline/write-files.js';
import { parseRequirements } from '../../src/requirements/index.js';
import { CORPUS_DIR } from '../helpers/corpus-path.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const DIR = path.join(CORPUS_DIR, 'requirements');
const files = readdirSync(DIR).filter((f) => /\.(txt|in)$/.test(f)).sort();
const origin = new Map(
  readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((c) => c[0] === 'requirements' && c[1] && c[4])
    .map((c) => [path.basename(c[1]!), [c[2]!, c[4]!] as const]),
);

/**
 * Each real requirements file installed by a service whose only code is `import os`: every declared package
 * but the command-run, implicit and test-only ones is unused. The plan verifies, removes only whole
 * requirement lines (never options, comments about other packages, or includes), and a second run is a no-op.
 */
describe('unused-deps on the real-world corpus', () => {
  it.each(files)('%s', async (name) => {
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
    tree['app/main.py'] = 'import os\n';
    tree['app/Dockerfile'] = `FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r ${own}\nCMD ["python", "main.py"]\n`;
    tree['compose.yaml'] = 'services:\n  app:\n    build: ./app\n';
    const dir = tempProject(tree);
    const { plan, out } = await planFiles(dir, { transforms: ['unused-deps'] });
    for (const [rel, after] of Object.entries(out)) {
      const before = parseRequirements(tree[rel]!);
      const now = parseRequirements(after);
      expect(now.errors).toEqual([]);
      // Options (indexes, includes) all survive; only requirement lines (and comments) go.
      const opts = (f: typeof before) => f.lines.flatMap((l) => (l.kind === 'option' ? l.options.map((o) => `${o.name} ${o.value?.text ?? ''}`) : []));
      expect(opts(now)).toEqual(opts(before));
      expect(now.lines.filter((l) => l.kind === 'requirement').length).toBeLessThan(before.lines.filter((l) => l.kind === 'requirement').length);
    }
    writeAll(plan.files);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).plan.edits).toEqual([]);
  });
});
