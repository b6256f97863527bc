import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeFilesIn, findComposeProjects } from '../../src/compose/discover.js';
import { loadProject } from '../../src/project/load.js';
import { tempProject } from '../helpers/temp-project.js';

const C = 'services:\n  a:\n    image: a\n';

describe('discovery', () => {
  it('takes the first default name, plus its override file, as docker compose does', () => {
    const dir = tempProject({ 'docker-compose.yml': C, 'compose.yaml': C, 'compose.override.yaml': C });
    expect(composeFilesIn(dir).map((f) => path.basename(f))).toEqual(['compose.yaml', 'compose.override.yaml']);
  });

  it('--recursive finds every project, skipping node_modules and git-ignored folders', () => {
    const dir = tempProject({
      'compose.yaml': C,
      'apps/a/docker-compose.yml': C,
      'apps/b/compose.yml': C,
      'node_modules/x/compose.yaml': C,
      'build-output/compose.yaml': C,
      '.gitignore': 'build-output/\n',
    });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect(findComposeProjects(dir).map((d) => path.relative(dir, d) || '.')).toEqual(['.', 'apps/a', 'apps/b']);
  });

  it('without git, a walk skips node_modules and .git', () => {
    const dir = tempProject({ 'x/compose.yaml': C, 'node_modules/y/compose.yaml': C, '.git/z/compose.yaml': C });
    expect(findComposeProjects(dir).map((d) => path.relative(dir, d))).toEqual(['x']);
  });

  it('project names: top-level name:, -p, else the folder name, normalised', () => {
    const dir = tempProject({ 'My App/compose.yaml': C, 'named/compose.yaml': 'name: Shop_2\n' + C });
    expect(loadProject({ root: path.join(dir, 'My App') }).compose[0]!.name).toBe('myapp');
    expect(loadProject({ root: path.join(dir, 'named') }).compose[0]!.name).toBe('shop_2');
    expect(loadProject({ root: path.join(dir, 'named'), projectName: 'other' }).compose[0]!.name).toBe('other');
  });

  it('no compose file is one clear error', () => {
    const dir = tempProject({ 'README.md': 'x' });
    expect(() => loadProject({ root: dir })).toThrow(/no compose file found/);
  });
});
