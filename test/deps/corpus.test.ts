import { describe, expect, it } from 'vitest';
import { writeAll } from '../../src/pipeline/write-files.js';
import { parseRequirements } from '../../src/requirements/index.js';
import { REQUIREMENTS_FILES, requirementsTree } from '../helpers/requirements-corpus.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

/**
 * Each real requirements file installed by a service whose only code is `import os`: every declared package
 * but the command-run, implicit and test-only ones is unused. The plan verifies, removes only whole
 * requirement lines (never options, comments about other packages, or includes), and a second run is a no-op.
 */
describe('unused-deps on the real-world corpus', () => {
  it.each(REQUIREMENTS_FILES)('%s', async (name) => {
    const { tree, own } = requirementsTree(name);
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
