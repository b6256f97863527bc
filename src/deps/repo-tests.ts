import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Service } from '../project/model.js';
import type { ScanCache } from './scan-cache.js';
import { isTestFile } from './service-files.js';

const SKIP = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist-packages', '.cache']);
const MAX_ENTRIES = 20000;
const TEST_DIRS = ['tests', 'test'];

/** Python test files under a folder (recursively), or directly in it (`recursive: false`), sorted; once per run. */
function testFilesIn(dir: string, recursive: boolean, cache: ScanCache): string[] {
  return cache.memo(recursive ? 'tests-deep' : 'tests-flat', dir, () => {
    const out: string[] = [];
    let budget = MAX_ENTRIES;
    const walk = (d: string, rel: string): void => {
      let ents;
      try {
        ents = readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of ents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (budget-- <= 0) return;
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (recursive && !SKIP.has(e.name)) walk(path.join(d, e.name), r);
        } else if (e.isFile() && e.name.endsWith('.py') && isTestFile(recursive ? `tests/${r}` : r)) out.push(path.join(d, e.name));
      }
    };
    walk(dir, '');
    return out;
  });
}

/**
 * The repository's test files beside a service's sources, copied into the image or not: `tests/` and `test/`
 * folders (and `test_*.py`, `conftest.py`) next to each copied folder, in the build context and at the root. A
 * package only they import is test-only, not unused: it is installed from the same requirements file for the tests.
 */
export function repoTestFiles(service: Service, sourceRoots: readonly string[], root: string, cache: ScanCache): string[] {
  const homes = new Set<string>([root]);
  if (service.build) homes.add(service.build.context);
  for (const r of sourceRoots) {
    const parent = path.dirname(r);
    if (parent === root || parent.startsWith(root + path.sep)) homes.add(parent);
  }
  const out = new Set<string>();
  for (const h of homes) {
    for (const f of testFilesIn(h, false, cache)) out.add(f);
    for (const t of TEST_DIRS) for (const f of testFilesIn(path.join(h, t), true, cache)) out.add(f);
  }
  return [...out].sort();
}
