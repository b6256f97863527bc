import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { tsMorphLoaded } from '../../src/node/imports.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

describe('ts-morph is loaded only for Node services', () => {
  it('a Python-only project does not load it; a Node service does', () => {
    const py = tempProject({ 'compose.yaml': 'services:\n  svc:\n    build: ./svc\n', 'svc/requirements.txt': 'requests\n', 'svc/main.py': 'import requests\n' });
    analyzeProject(loadProject({ root: py }));
    expect(tsMorphLoaded()).toBe(false);
    const node = tempProject({ 'compose.yaml': 'services:\n  web:\n    build: .\n', 'package.json': '{"dependencies": {}}', 'index.js': "require('x')\n" });
    analyzeProject(loadProject({ root: node }));
    expect(tsMorphLoaded()).toBe(true);
  });
});
