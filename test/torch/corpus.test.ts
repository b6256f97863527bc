import { describe, expect, it } from 'vitest';
import { parseRequirements } from '../../src/requirements/index.js';
import { REQUIREMENTS_FILES, requirementsTree } from '../helpers/requirements-corpus.js';
import { plan, project, write } from './helpers.js';

/** Every real-world requirements file: the plan verifies, a second run has no edits, and only torch lines and index lines change. */
describe('torch-cpu on the real-world corpus', () => {
  it.each(REQUIREMENTS_FILES)('%s', async (name) => {
    const { tree, own, text } = requirementsTree(name);
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
