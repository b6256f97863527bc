// Node: the lock file's dependencies/peerDependencies are exact requirement edges. A declared package that another
// kept declared package requires there is `transitive`, never removed (awesome-compose angular: @angular/common,
// rxjs are peers of @angular/platform-browser / @angular/core).
import { describe, expect, it } from 'vitest';
import { planFiles, tempProject } from '../helpers/temp-project.js';
import { classes } from './helpers.js';

const PKG = '{\n  "name": "web",\n  "version": "1.0.0",\n  "dependencies": {\n    "@angular/common": "^17.0.0",\n    "@angular/core": "^17.0.0",\n    "@angular/platform-browser": "^17.0.0",\n    "left-pad": "^1.3.0",\n    "rxjs": "~7.8.0"\n  }\n}\n';
const LOCK = JSON.stringify({
  name: 'web',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'web', version: '1.0.0', dependencies: { '@angular/common': '^17.0.0', '@angular/core': '^17.0.0', '@angular/platform-browser': '^17.0.0', 'left-pad': '^1.3.0', rxjs: '~7.8.0' } },
    'node_modules/@angular/common': { version: '17.0.0', dependencies: { tslib: '^2.3.0' }, peerDependencies: { '@angular/core': '17.0.0', rxjs: '^6.5.3 || ^7.4.0' } },
    'node_modules/@angular/core': { version: '17.0.0', dependencies: { tslib: '^2.3.0' }, peerDependencies: { rxjs: '^6.5.3 || ^7.4.0', 'zone.js': '~0.14.0' } },
    'node_modules/@angular/platform-browser': { version: '17.0.0', dependencies: { tslib: '^2.3.0' }, peerDependencies: { '@angular/common': '17.0.0', '@angular/core': '17.0.0' } },
    'node_modules/left-pad': { version: '1.3.0' },
    'node_modules/rxjs': { version: '7.8.1', dependencies: { tslib: '^2.1.0' } },
    'node_modules/tslib': { version: '2.6.2' },
  },
}, null, 2) + '\n';
const DF = 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src/ ./src/\nCMD ["node", "src/main.js"]\n';
const files = (lock: string): Record<string, string> => ({
  'compose.yaml': 'services:\n  web:\n    build: ./web\n',
  'web/Dockerfile': DF,
  'web/package.json': PKG,
  'web/package-lock.json': lock,
  'web/src/main.js': "import { platformBrowser } from '@angular/platform-browser';\nimport { Component } from '@angular/core';\n",
});

describe('package-lock.json edges make declared peers transitive', () => {
  it('@angular/common and rxjs are transitive (peers of kept packages); left-pad stays unused', () => {
    const rows = classes(tempProject(files(LOCK))).filter((r) => !r.includes(' used '));
    expect(rows).toEqual(['web @angular/common transitive web/package.json:5', 'web left-pad unused web/package.json:8', 'web rxjs transitive web/package.json:9']);
  });

  it('the plan never removes a peer: package.json keeps @angular/common and rxjs (exact bytes, or no edit when the lock cannot be synced offline)', async () => {
    const { out } = await planFiles(tempProject(files(LOCK)), { transforms: ['unused-deps'] });
    const after = out['web/package.json'];
    if (after !== undefined) expect(after).toBe(PKG.replace('    "left-pad": "^1.3.0",\n', ''));
  });

  it('a lock without those edges: the peers are unused (the edges are what keep them)', () => {
    const bare = LOCK.replace(/,\s*"peerDependencies": \{[^}]*\}/g, '');
    expect(bare).not.toContain('peerDependencies');
    const rows = classes(tempProject(files(bare))).filter((r) => r.includes(' unused '));
    expect(rows).toEqual(['web @angular/common unused web/package.json:5', 'web left-pad unused web/package.json:8', 'web rxjs unused web/package.json:9']);
  });

  it('a lockfileVersion 1 lock records no peers: the peers and left-pad are unverified, kept (no edit)', async () => {
    const v1 = JSON.stringify({ name: 'web', version: '1.0.0', lockfileVersion: 1, requires: true, dependencies: { '@angular/common': { version: '17.0.0', requires: { tslib: '^2.3.0' } }, '@angular/core': { version: '17.0.0', requires: { tslib: '^2.3.0' } }, '@angular/platform-browser': { version: '17.0.0', requires: { tslib: '^2.3.0' } }, 'left-pad': { version: '1.3.0' }, rxjs: { version: '7.8.1', requires: { tslib: '^2.1.0' } }, tslib: { version: '2.6.2' } } }, null, 2) + '\n';
    const dir = tempProject(files(v1));
    expect(classes(dir).filter((r) => !r.includes(' used '))).toEqual(['web @angular/common unverified web/package.json:5', 'web left-pad unverified web/package.json:8', 'web rxjs unverified web/package.json:9']);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });
});
