import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { npmLock } from '../helpers/npm-lock.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/deps/node-app');

describe('Node service (fixtures/deps/node-app)', () => {
  it('classes every dependency with ts-morph: exact findings', () => {
    const [a] = analyzeProject(loadProject({ root: FIXTURE }));
    expect(a!.findings.map((f) => `${f.package} ${f.class} ${f.file}:${f.line}`)).toEqual([
      'express used package.json:11',
      'lodash used package.json:12',
      '@aws-sdk/client-s3 used package.json:13',
      'dotenv cli package.json:14',
      'typescript cli package.json:15',
      'knex used package.json:16',
      'pg implicit package.json:17',
      'chalk test-only package.json:18',
      '@types/express test-only package.json:19',
      'jest test-only package.json:20',
      'zod test-only package.json:21',
      'left-pad unused package.json:22',
      'uuid used package.json:23',
      'morgan missing src/server.ts:13',
    ]);
    const ev = new Map(a!.findings.map((f) => [f.package, f.evidence]));
    expect(ev.get('dotenv')).toBe('loaded with `node -r dotenv/config dist/server.js` (package.json:5 scripts.start)');
    expect(ev.get('typescript')).toBe('runs `tsc` (package.json:6 scripts.build: tsc -p .)');
    expect(ev.get('pg')).toBe("Knex/Sequelize/TypeORM load the PostgreSQL driver by name: 'pg' at src/helper.js:1");
    expect(ev.get('left-pad')).toBe('not imported by any of 3 JS/TS files copied into the image (src, test); no script or command runs it');
  });

  it('the transform removes unused entries only; include: [test-only] adds the dev-only ones (byte for byte)', async () => {
    const original = readFileSync(path.join(FIXTURE, 'package.json'), 'utf8');
    const lock = readFileSync(path.join(FIXTURE, 'package-lock.json'), 'utf8');
    const { out, plan } = await planFiles(FIXTURE, { transforms: ['unused-deps'] });
    expect(out).toEqual({
      'package.json': original.replace('    "left-pad": "^1.3.0",\n', ''),
      'package-lock.json': lock.replace('        "left-pad": "^1.3.0",\n', '').replace('    "node_modules/left-pad": {\n      "version": "1.3.0"\n    },\n', ''),
    });
    expect(plan.changes.map((c) => `${c.file}:${c.line} ${c.what}`)).toEqual(['package-lock.json:1 update package-lock.json', 'package.json:22 remove left-pad']);

    const pkg = '{\n  "name": "web",\n  "dependencies": {\n    "a": "1",\n    "jest": "29",\n    "@types/node": "20"\n  }\n}\n';
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n    include: [test-only]\n',
      'Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n',
      'index.js': "require('a');\n",
      'package.json': pkg,
      'package-lock.json': npmLock(pkg),
    });
    const r = await planFiles(dir);
    const after = '{\n  "name": "web",\n  "dependencies": {\n    "a": "1"\n  }\n}\n';
    expect(r.out).toEqual({ 'package.json': after, 'package-lock.json': npmLock(after) });
  }, 180_000);

  it('a bin named in the Dockerfile CMD or compose command is cli', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n    command: ["npx", "pm2-runtime", "app.js"]\n',
      'Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["next", "start"]\n',
      'app.js': '',
      'package.json': '{"dependencies": {"next": "15", "pm2": "5", "react": "19", "react-dom": "19", "vue": "3"}}',
      'package-lock.json': npmLock('{"dependencies": {"next": "15", "pm2": "5", "react": "19", "react-dom": "19", "vue": "3"}}'),
    });
    const [a] = analyzeProject(loadProject({ root: dir }));
    expect(a!.findings.map((f) => `${f.package} ${f.class}`)).toEqual(['next cli', 'pm2 cli', 'react implicit', 'react-dom implicit', 'vue unused']);
  });

  it('yarn and pnpm lock files: without their tool here, no removal (the lock would go out of sync); a finding says why', async () => {
    // Locks that record x (Yarn 2+ and pnpm v9 record peers, so x is unused, not unverified).
    const texts = {
      'yarn.lock': '__metadata:\n  version: 8\n  cacheKey: 10\n\n"x@npm:1":\n  version: 1.0.0\n  languageName: node\n  linkType: hard\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      x:\n        specifier: '1'\n        version: 1.0.0\n\npackages:\n\n  x@1.0.0:\n    resolution: {integrity: sha512-x}\n\nsnapshots:\n\n  x@1.0.0: {}\n",
    };
    for (const [lock, tool] of [['yarn.lock', 'yarn'], ['pnpm-lock.yaml', 'pnpm']] as const) {
      const dir = tempProject({ 'compose.yaml': 'services:\n  web:\n    build: .\n', 'Dockerfile': 'FROM node:20\nCOPY . .\n', [lock]: texts[lock], 'package.json': '{"dependencies": {"x": "1"}}\n' });
      const { out, plan } = await planFiles(dir, { transforms: ['unused-deps'] });
      expect(out).toEqual({});
      expect(plan.findings.filter((f) => f.code === 'dep-lock-sync-failed').map((f) => f.message)).toEqual([`package.json: not removing x: ${lock} would be left out of sync: ${tool} is not installed here to update it offline`]);
    }
  });

  it('an undeclared import is transitive when package-lock.json installs it, missing otherwise (devDependencies say so)', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n',
      'index.js': "require('express');\nrequire('debug');\nrequire('left-pad');\nrequire('chai');\n",
      'package.json': '{"dependencies": {"express": "4"}, "devDependencies": {"chai": "5"}}',
      'package-lock.json': '{"packages": {"": {}, "node_modules/express": {}, "node_modules/debug": {}, "node_modules/express/node_modules/qs": {}}}',
    });
    const [a] = analyzeProject(loadProject({ root: dir }));
    expect(a!.findings.map((f) => `${f.package} ${f.class} ${f.file}:${f.line} ${f.evidence}`)).toEqual([
      'express used package.json:1 express at index.js:1',
      'chai missing index.js:4 chai at index.js:4; declared only in devDependencies (not installed with --omit=dev / --production)',
      'debug transitive index.js:2 debug at index.js:2; not in dependencies, installed as a dependency of another package (lock file)',
      'left-pad missing index.js:3 left-pad at index.js:3; not in dependencies',
    ]);
  });
});
