import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Service } from '../project/model.js';
import type { ScanCache } from './scan-cache.js';
import { isTestFile } from './service-files.js';

const SKIP = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist-packages', '.cache']);
const MAX_ENTRIES = 20000;

/** Python test files under a folder (tests/, test_*.py, *_test.py, conftest.py), sorted; walked once per run. */
function testFilesUnder(dir: string, cache: ScanCache): string[] {
  return cache.memo(`tests:${dir}`, () => {
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
          if (!SKIP.has(e.name)) walk(path.join(d, e.name), r);
        } else if (e.isFile() && /\.py$/.test(e.name) && isTestFile(r)) out.push(path.join(d, e.name));
      }
    };
    walk(dir, '');
    return out;
  });
}

/**
 * The repository's test files for a service, copied into the image or not: those in its build context, and the
 * root's `tests/` / `test/` folders. A package only they import is test-only, not unused (it is installed from the
 * same requirements file for the test run).
 */
export function repoTestFiles(service: Service, root: string, cache: ScanCache): string[] {
  const dirs = [service.build?.context, path.join(root, 'tests'), path.join(root, 'test')].filter((d): d is string => d !== undefined);
  const out = new Set<string>();
  for (const d of dirs) for (const f of testFilesUnder(d, cache)) out.add(f);
  return [...out].sort();
}
