import { describe, expect, it } from 'vitest';
import { requirementsParses } from '../../src/requirements/index.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

describe('one parse per requirements file per run', () => {
  it('linking, the deps load step, torch-cpu, unused-deps and verify share one parse of each file', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  app:\n    build: ./app\n',
      'app/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt base.txt ./\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "main.py"]\n',
      'app/requirements.txt': '-r base.txt\ntorch==2.5.1\npandas\n',
      'app/base.txt': 'requests\n',
      'app/main.py': 'import requests\nimport torch\n',
    });
    const before = requirementsParses();
    const { out } = await planFiles(dir, { transforms: ['torch-cpu', 'unused-deps'] });
    // Both transforms edited requirements.txt (so every stage read it), yet each file was parsed once.
    expect(out['app/requirements.txt']).toContain('torch==2.5.1+cpu');
    expect(out['app/requirements.txt']).not.toContain('pandas');
    expect(requirementsParses() - before).toBe(2);
  });
});
