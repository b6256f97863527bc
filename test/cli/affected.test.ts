import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedServices } from '../../src/cli/affected.js';
import { readSourceFile } from '../../src/core/source.js';
import type { Plan } from '../../src/pipeline/session.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

describe('affectedServices', () => {
  it('an included compose file inside a `COPY . .` build context restarts, never rebuilds', () => {
    const dir = tempProject({
      'compose.yaml': 'name: p\ninclude:\n  - ./app/compose.yaml\n',
      'app/compose.yaml': 'services:\n  app:\n    build: .\n    mem_limit: 128M\n',
      'app/Dockerfile': 'FROM scratch\nCOPY . .\n',
    });
    const project = loadProject({ root: dir, link: true });
    const rel = 'app/compose.yaml';
    const plan = { project, files: [{ source: readSourceFile(path.join(dir, rel), dir), after: 'x\n' }], changes: [{ service: 'p/app', file: rel }] } as unknown as Plan;
    const r = affectedServices(plan);
    expect({ build: r.build.map((s) => s.name), up: r.up.map((s) => s.name) }).toEqual({ build: [], up: ['app'] });
  });
});
