import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { nodeManifests } from '../../src/dockerfile/node-manifest.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { readSourceFile } from '../../src/core/source.js';
import { loadProject } from '../../src/project/load.js';
import { npmLock } from '../helpers/npm-lock.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/node');
const findings = (root: string): string[] => analyzeProject(loadProject({ root })).flatMap((a) => a.findings.map((f) => `${f.package} ${f.class} ${f.file}:${f.line}`));

describe('Node manifests are the package.json the Dockerfile copies (fixtures/node/monorepo)', () => {
  const root = path.join(FIXTURES, 'monorepo');

  it('reads the frontend package.json its Dockerfile copies, never the root tooling package.json', () => {
    expect(findings(root)).toEqual(['react used frontend/package.json:8', 'left-pad unused frontend/package.json:9', 'autoprefixer implicit frontend/package.json:10']);
  });

  it('a bundler build stage: the PostCSS plugin named as a key is kept, devDependencies imported by the build are not missing', () => {
    const [a] = analyzeProject(loadProject({ root }));
    expect(a!.findings.find((f) => f.package === 'autoprefixer')!.evidence).toBe('named in frontend/postcss.config.js:3 (a build/tool config loads it by name)');
    expect(a!.service.link!.nodeManifests!.map((m) => ({ path: path.relative(root, m.path), buildOnly: m.buildOnly, command: m.command, line: m.line }))).toEqual([
      { path: 'frontend/package.json', buildOnly: true, command: 'npm install', line: 4 },
    ]);
  });

  it('plan edits only the frontend package.json and its lock (exact bytes); the root package.json is untouched', async () => {
    const { out } = await planFiles(root, { transforms: ['unused-deps'] });
    const before = readFileSync(path.join(root, 'frontend/package.json'), 'utf8');
    const lock = readFileSync(path.join(root, 'frontend/package-lock.json'), 'utf8');
    expect(out).toEqual({
      'frontend/package.json': before.replace('    "left-pad": "^1.3.0",\n', ''),
      'frontend/package-lock.json': lock.replace('        "left-pad": "^1.3.0",\n', '').replace('    "node_modules/left-pad": {\n      "version": "1.3.0"\n    },\n', ''),
    });
  }, 180_000);

  it('a package.json the Dockerfile never copies is nobody manifest; a `cd dir && npm ci` reads that dir', () => {
    const none = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': 'FROM python:3.12\nCOPY app.py .\nCMD ["python", "app.py"]\n',
      'app.py': '',
      'package.json': '{"dependencies": {"left-pad": "1"}}\n',
    });
    expect(loadProject({ root: none }).services[0]!.link!.nodeManifests).toEqual([]);
    const cd = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': 'FROM node:20\nCOPY . /src\nRUN cd /src/web && NODE_ENV=production npm ci\nCMD ["node", "/src/web/index.js"]\n',
      'package.json': '{"dependencies": {"root-only": "1"}}\n',
      'web/package.json': '{"dependencies": {"left-pad": "1"}}\n',
      'web/package-lock.json': npmLock('{"dependencies": {"left-pad": "1"}}'),
      'web/index.js': '',
    });
    expect(findings(cd)).toEqual(['left-pad unused web/package.json:1']);
  });

  it('COPY package*.json with a glob, and a runtime stage that copies node_modules from the builder', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': 'FROM node:20 AS deps\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=deps /app/node_modules ./node_modules\nCOPY src ./src\nCMD ["node", "src/index.js"]\n',
      'package.json': '{"dependencies": {"express": "4", "left-pad": "1"}, "devDependencies": {"chai": "5"}}\n',
      'package-lock.json': npmLock('{"dependencies": {"express": "4", "left-pad": "1"}, "devDependencies": {"chai": "5"}}'),
      'src/index.js': "require('express');\nrequire('chai');\n",
    });
    const [a] = analyzeProject(loadProject({ root: dir }));
    expect(a!.service.link!.nodeManifests![0]!.buildOnly).toBe(false);
    expect(a!.findings.map((f) => `${f.package} ${f.class}`)).toEqual(['express used', 'left-pad unused', 'chai missing']);
  });

  it('one package.json installed by a build stage and again by the runtime: the runtime stage sources count', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': [
        'FROM node:20 AS build',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci',
        'COPY src ./src',
        'RUN npm run build',
        'FROM node:20-slim',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN npm ci --omit=dev',
        'COPY --from=build /app/dist ./dist',
        'COPY scripts ./scripts',
        'CMD ["node", "dist/server.js"]',
        '',
      ].join('\n'),
      'package.json': '{"scripts": {"build": "tsc"}, "dependencies": {"express": "4", "knex": "3", "left-pad": "1"}, "devDependencies": {"typescript": "5"}}\n',
      'package-lock.json': npmLock('{"dependencies": {"express": "4", "knex": "3", "left-pad": "1"}, "devDependencies": {"typescript": "5"}}'),
      'src/server.ts': "import express from 'express';\n",
      'scripts/migrate.js': "require('knex');\n",
    });
    const [a] = analyzeProject(loadProject({ root: dir }));
    expect(a!.service.link!.nodeManifests!.map((m) => `${m.buildOnly} ${m.line} ${m.command}`)).toEqual(['false 10 npm ci --omit=dev']);
    expect(a!.findings.map((f) => `${f.package} ${f.class}`)).toEqual(['express used', 'knex used', 'left-pad unused']);
  });

  it('compose build.target picks the stage: a dev stage installs web/, the default last stage installs api/', () => {
    const dir = tempProject({
      'Dockerfile': 'FROM node:20 AS dev\nCOPY web/package.json /w/\nRUN cd /w && npm install\nFROM node:20 AS prod\nWORKDIR /a\nCOPY api/package.json ./\nRUN npm ci\n',
      'web/package.json': '{}\n',
      'api/package.json': '{}\n',
    });
    const df = parseDockerfile(readSourceFile(path.join(dir, 'Dockerfile'), dir));
    const rel = (t?: string): string[] => nodeManifests(df, dir, t).map((m) => `${path.relative(dir, m.path)} stage ${m.stage} line ${m.line}`);
    expect(rel()).toEqual(['api/package.json stage 1 line 7']);
    expect(rel('dev')).toEqual(['web/package.json stage 0 line 3']);
  });

  it('the `docker init` template: package.json and the lock bind-mounted into `npm ci`', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': [
        'ARG NODE_VERSION=20',
        'FROM node:${NODE_VERSION}-alpine',
        'ENV NODE_ENV production',
        'WORKDIR /usr/src/app',
        'RUN --mount=type=bind,source=package.json,target=package.json \\',
        '    --mount=type=bind,source=package-lock.json,target=package-lock.json \\',
        '    --mount=type=cache,target=/root/.npm \\',
        '    npm ci --omit=dev',
        'USER node',
        'COPY . .',
        'CMD node src/index.js',
        '',
      ].join('\n'),
      'package.json': '{"dependencies": {"express": "4", "left-pad": "1"}}\n',
      'package-lock.json': npmLock('{"dependencies": {"express": "4", "left-pad": "1"}}'),
      'src/index.js': "require('express');\n",
    });
    const [a] = analyzeProject(loadProject({ root: dir }));
    expect(a!.service.link!.nodeManifests!.map((m) => `${path.relative(dir, m.path)} ${m.line} ${m.command} lock=${path.relative(dir, m.lock!)}`)).toEqual(['package.json 5 npm ci --omit=dev lock=package-lock.json']);
    expect(a!.findings.map((f) => `${f.package} ${f.class}`)).toEqual(['express used', 'left-pad unused']);
  });

  it('compose build.target reaches the linker: the dev stage manifest is read', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      target: dev\n',
      'Dockerfile': 'FROM node:20 AS dev\nCOPY web/package.json /w/\nRUN cd /w && npm install\nFROM node:20 AS prod\nWORKDIR /a\nCOPY api/package.json ./\nRUN npm ci\n',
      'web/package.json': '{"dependencies": {"web-only": "1"}}\n',
      'web/package-lock.json': npmLock('{"dependencies": {"web-only": "1"}}'),
      'api/package.json': '{"dependencies": {"api-only": "1"}}\n',
    });
    expect(findings(dir)).toEqual(['web-only unused web/package.json:1']);
  });

  it('an unreadable Dockerfile: the context package.json is reported, never edited', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    build: .\n',
      'Dockerfile': 'RUN echo no FROM\n',
      'package.json': '{"dependencies": {"left-pad": "1"}}\n',
      'package-lock.json': npmLock('{"dependencies": {"left-pad": "1"}}'),
    });
    expect(findings(dir)).toEqual(['left-pad unused package.json:1']);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });
});

describe('vendored files and alias imports are not packages (fixtures/node/aliases)', () => {
  it('minified/vendored/generated JS and tsconfig paths/baseUrl (through extends) give no missing', () => {
    expect(findings(path.join(FIXTURES, 'aliases'))).toEqual(['express used package.json:4']);
  });

  it('vite and webpack aliases (object and find/replacement forms) are local modules', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node", "src/a.js"]\n',
      'package.json': '{"dependencies": {"react": "18"}}\n',
      'vite.config.ts': "export default { resolve: { alias: [{ find: '~ui', replacement: '/src/ui' }] } };\n",
      'webpack.config.js': "module.exports = { resolve: { alias: { '@': 'src', shared$: 'src/shared.js' } } };\n",
      'src/a.js': "import React from 'react';\nimport b from '@/b';\nimport Btn from '~ui/Button';\nimport s from 'shared';\nimport t from 'shared/other';\n",
    });
    expect(findings(dir)).toEqual(['react used package.json:1', 'shared missing src/a.js:5']);
  });

  it('an alias into node_modules marks that package used', () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  web:\n    build: .\n',
      'Dockerfile': 'FROM node:20\nCOPY . .\nRUN npm ci\nCMD ["node", "src/a.js"]\n',
      'package.json': '{"dependencies": {"preact": "10"}}\n',
      'jsconfig.json': '{"compilerOptions": {"paths": {"react": ["./node_modules/preact/compat"]}}}\n',
      'src/a.js': "import React from 'react';\n",
    });
    expect(findings(dir)).toEqual(['preact used package.json:1']);
  });
});

describe('component files, stylesheets and compiler-injected packages (fixtures/node/components)', () => {
  const root = path.join(FIXTURES, 'components');

  it('imports in .vue <script> blocks count; packages a stylesheet, config list or compiler loads are implicit; yarn.lock names transitive ones', () => {
    const [a] = analyzeProject(loadProject({ root }));
    expect(a!.findings.map((f) => `${f.package} ${f.class} ${f.file}:${f.line} | ${f.evidence}`)).toEqual([
      'vue used package.json:8 | vue at src/main.js:1',
      'vuedraggable used package.json:9 | vuedraggable at src/App.vue:6',
      'bootstrap implicit package.json:10 | named as a module path at src/App.vue:14 (loaded by name)',
      '@mdi/font implicit package.json:11 | named as a module path at app.config.js:2 (loaded by name)',
      'core-js implicit package.json:12 | Babel preset-env / Nuxt / Vue CLI inject core-js polyfills (no import in the source)',
      'sass implicit package.json:13 | the bundler compiles scss styles with it (src/App.vue)',
      'left-pad unverified package.json:14 | not imported by any of 3 JS/TS files copied into the image (.); no script or command runs it; but yarn.lock (Yarn 1) records no peerDependencies, so a kept package may peer-depend on left-pad: kept; Yarn 1 never installs an undeclared peer; a Yarn 2+ lock records peers',
      '@vue/shared transitive src/App.vue:8 | @vue/shared at src/App.vue:8; not in dependencies, installed as a dependency of another package (lock file)',
      'axios transitive src/main.js:2 | axios at src/main.js:2; not in dependencies, installed as a dependency of another package (lock file)',
    ]);
  });

  it('a Yarn 1 lock records no peers: left-pad stays (unverified, not a lock-sync attempt)', async () => {
    const { out, plan } = await planFiles(root, { transforms: ['unused-deps'] });
    expect(out).toEqual({});
    expect(plan.findings.filter((f) => f.code === 'dep-lock-sync-failed')).toEqual([]);
  });
});
