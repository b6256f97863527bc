import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

// Red-team class: a line pip cannot read in a requirements file the image installs. pip refuses the whole file
// (the build fails), but composeshift read past it: `torch==` or `torch==2.1.0,,<3` made torch-cpu answer
// "installs no torch … no changes" (exit 0, a gate passed) and unused-deps call the imported torch undeclared.
// Now it is bad input: one file:line:col error, exit 2, nothing written.

const service = (requirements: string): Record<string, string> => ({
  'compose.yaml': 'services:\n  app:\n    build: ./app\n',
  'app/Dockerfile': 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
  'app/requirements.txt': requirements,
  'app/main.py': 'import torch\n',
});

async function errorOf(files: Record<string, string>, transforms: string[]): Promise<string> {
  const dir = tempProject(files);
  try {
    await planFiles(dir, { transforms });
  } catch (err) {
    if (err instanceof InputError) return err.format();
    throw err;
  }
  return 'no error';
}

describe('requirements lines pip refuses', () => {
  for (const transforms of [['torch-cpu'], ['unused-deps']]) {
    it(`\`torch==\` (${transforms[0]}; was "installs no torch", exit 0)`, async () => {
      expect(await errorOf(service('flask==3.0\ntorch==\n'), transforms)).toMatch(/^app\/requirements\.txt:2:\d+: .+\n  torch==\n +\^$/);
    });

    it(`\`torch==2.1.0,,<3\` (${transforms[0]})`, async () => {
      expect(await errorOf(service('torch==2.1.0,,<3\n'), transforms)).toMatch(/^app\/requirements\.txt:1:\d+: /);
    });

    it(`an invalid line in a -r include names the included file (${transforms[0]})`, async () => {
      expect(await errorOf({ ...service('-r base.txt\n'), 'app/base.txt': 'ok-package==1\n!!!\n' }, transforms)).toMatch(/^app\/base\.txt:2:1: /);
    });
  }

  it('a file only guessed (the Dockerfile has no FROM) keeps its errors to itself: no exit 2', async () => {
    const dir = tempProject({ ...service('torch==\n'), 'app/Dockerfile': 'RUN pip install -r requirements.txt\n' });
    const { plan } = await planFiles(dir, { transforms: ['torch-cpu'] });
    expect(plan.files).toEqual([]);
  });
});

describe('requirements lines pip expands first', () => {
  it('`torch==${TORCH_VERSION}` is not judged (pip substitutes the build environment before reading the line)', async () => {
    const dir = tempProject(service('torch==${TORCH_VERSION}\n'));
    const { plan } = await planFiles(dir, { transforms: ['torch-cpu'] });
    expect(plan.findings.map((f) => f.code)).toContain('torch-variable-pin');
  });
});
