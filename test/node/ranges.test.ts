import { describe, expect, it } from 'vitest';
import { syncLock } from '../../src/node/lock-sync.js';
import { staleLockedDependencies } from '../../src/node/ranges.js';

const packages = {
  '': { name: 'web' },
  'node_modules/react': { version: '18.3.1' },
  'node_modules/lodash': { version: '4.17.21' },
  'node_modules/left-pad': { version: '1.3.0' },
  'node_modules/vite': { version: '5.4.2' },
  'node_modules/my-fetch': { version: '2.7.0' },
  'node_modules/beta': { version: '2.0.0-rc.1' },
};

describe('npm ranges (semver): locked versions against package.json', () => {
  it('accepts versions inside caret, tilde, x, hyphen and || ranges', () => {
    const pkg = { dependencies: { react: '^18.2.0', lodash: '~4.17.0', 'left-pad': '1.x', 'my-fetch': 'npm:node-fetch@^2.6.0' }, devDependencies: { vite: '5.0.0 - 5.9.9 || ^6' } };
    expect(staleLockedDependencies(pkg, packages)).toEqual([]);
  });

  it('names each locked version outside its range, with its section', () => {
    const pkg = { dependencies: { react: '^17.0.2', lodash: '~4.16.0' }, devDependencies: { vite: '>=6' }, optionalDependencies: { 'my-fetch': 'npm:node-fetch@^3' } };
    expect(staleLockedDependencies(pkg, packages)).toEqual([
      { name: 'react', section: 'dependencies', range: '^17.0.2', locked: '18.3.1' },
      { name: 'lodash', section: 'dependencies', range: '~4.16.0', locked: '4.17.21' },
      { name: 'vite', section: 'devDependencies', range: '>=6', locked: '5.4.2' },
      { name: 'my-fetch', section: 'optionalDependencies', range: 'npm:node-fetch@^3', locked: '2.7.0' },
    ]);
  });

  it('a prerelease is outside a plain range, as npm decides; tags, URLs and unlocked names are not judged', () => {
    expect(staleLockedDependencies({ dependencies: { beta: '^2.0.0' } }, packages)).toEqual([{ name: 'beta', section: 'dependencies', range: '^2.0.0', locked: '2.0.0-rc.1' }]);
    expect(staleLockedDependencies({ dependencies: { beta: '^2.0.0-rc.0', react: 'latest', lodash: 'github:lodash/lodash', absent: '^1' } }, packages)).toEqual([]);
  });

  it('syncLock refuses a lock already out of sync before running npm, naming the package', () => {
    const lock = JSON.stringify({ name: 'web', lockfileVersion: 3, packages: { '': { dependencies: { react: '^17.0.2' } }, 'node_modules/react': { version: '18.3.1' } } });
    expect(syncLock('/nonexistent', 'package-lock.json', '{"dependencies": {"react": "^17.0.2"}}', lock)).toEqual({
      ok: false,
      reason: 'package-lock.json is already out of sync with package.json: react is locked at 18.3.1, outside dependencies "^17.0.2" (npm ci refuses it); run `npm install` first',
    });
  });
});
