// A Node removal needs the lock: only the lock file shows that no kept package requires or peer-depends on a
// declared package no code imports (sass for sass-loader, @angular/compiler as an optional peer of @angular/core,
// typescript for ts-loader). Without a lock, with a lock composeshift does not read, or with one that does not
// record the candidate or a kept package, the candidate is `unverified`: a finding with the reason, never an edit.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../../src/deps/analyze.js';
import { loadProject } from '../../src/project/load.js';
import { npmLock } from '../helpers/npm-lock.js';
import { planFiles, tempProject } from '../helpers/temp-project.js';

const DF = 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY src ./src\nCMD ["node", "src/main.js"]\n';
const PKG = '{\n  "name": "web",\n  "dependencies": {\n    "@angular/compiler": "17.0.0",\n    "@angular/core": "17.0.0",\n    "left-pad": "1.3.0",\n    "sass": "1.80.0",\n    "sass-loader": "16.0.0"\n  }\n}\n';
const MAIN = "import { Component } from '@angular/core';\nmodule.exports = { rules: [{ test: /\\.css$/, use: ['sass-loader'] }] };\n";
const web = (files: Record<string, string>, pkg = PKG): string =>
  tempProject({ 'compose.yaml': 'services:\n  web:\n    build: ./web\n', 'web/Dockerfile': DF, 'web/package.json': pkg, 'web/src/main.js': MAIN, ...files });

/** `package class | evidence` of every declared package that is not imported. */
const rows = (dir: string): string[] =>
  analyzeProject(loadProject({ root: dir })).flatMap((a) => a.findings.filter((f) => f.declared && f.class !== 'used').map((f) => `${f.package} ${f.class} | ${f.evidence}`));

const NOT_IMPORTED = 'not imported by any of 1 JS/TS file copied into the image (web/src); no script or command runs it';
// The lock that records both peers of the kept packages, as npm writes it.
const LOCK = npmLock(PKG, { extra: { '@angular/core': { peerDependencies: { '@angular/compiler': '17.0.0' }, peerDependenciesMeta: { '@angular/compiler': { optional: true } } }, 'sass-loader': { peerDependencies: { sass: '^1.3.0' }, peerDependenciesMeta: { sass: { optional: true } } } } });

describe('no lock file: nothing shows which kept package requires a candidate', () => {
  it('every candidate is unverified with the exact reason; a named peer (sass-loader → sass) is added to the evidence', () => {
    const reason = (p: string): string => `but no lock file beside web/package.json: which kept package requires or peer-depends on ${p} cannot be read`;
    const remedy = 'kept; commit a lock (npm install --package-lock-only) to decide';
    expect(rows(web({}))).toEqual([
      `@angular/compiler unverified | ${NOT_IMPORTED}; ${reason('@angular/compiler')}: ${remedy}`,
      `left-pad unverified | ${NOT_IMPORTED}; ${reason('left-pad')}: ${remedy}`,
      `sass unverified | ${NOT_IMPORTED}; ${reason('sass')} (the kept sass-loader (web/package.json:8) peer-depends on it: sass-loader package.json peerDependencies (sass, node-sass, sass-embedded optional)): ${remedy}`,
      "sass-loader implicit | named as a string at web/src/main.js:2 (loaded by name)",
    ]);
  });

  it('the plan edits nothing and asks for no lock sync; the audit finding says why', async () => {
    const { out, plan } = await planFiles(web({}), { transforms: ['unused-deps'] });
    expect(out).toEqual({});
    expect(plan.findings.filter((f) => f.code === 'dep-lock-sync-failed')).toEqual([]);
    expect(plan.findings.filter((f) => f.code === 'dep-unverified').map((f) => f.message)).toEqual([
      'web: @angular/compiler has no use found, but kept: another kept package may require it (its requirements are unknown)',
      'web: left-pad has no use found, but kept: another kept package may require it (its requirements are unknown)',
      'web: sass has no use found, but kept: another kept package may require it (its requirements are unknown)',
    ]);
  });

  it('include: [test-only] removes no test tool without a lock either (ts-loader peer-depends on typescript)', async () => {
    const pkg = '{\n  "name": "web",\n  "dependencies": {\n    "@angular/core": "17.0.0",\n    "jest": "29.0.0",\n    "ts-loader": "9.0.0",\n    "typescript": "5.0.0"\n  }\n}\n';
    const dir = web({ 'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n    include: [test-only]\n', 'web/src/main.js': "import '@angular/core';\nexport default { loader: 'ts-loader' };\n" }, pkg);
    expect(rows(dir).map((r) => r.slice(0, r.indexOf(' |')))).toEqual(['jest unverified', 'ts-loader implicit', 'typescript unverified']);
    expect(rows(dir)[2]).toBe('typescript unverified | typescript is a test, lint or build tool, not needed by the running service; but no lock file beside web/package.json: which kept package requires or peer-depends on typescript cannot be read (the kept ts-loader (web/package.json:6) peer-depends on it: ts-loader package.json peerDependencies): kept; commit a lock (npm install --package-lock-only) to decide');
    expect((await planFiles(dir)).out).toEqual({});
  });
});

describe('a lock that cannot show it', () => {
  it('bun.lock (not read by composeshift): unverified, naming the lock', () => {
    const dir = web({ 'web/bun.lock': '{\n  "lockfileVersion": 1,\n  "workspaces": {}\n}\n' });
    expect(rows(dir).find((r) => r.startsWith('left-pad'))).toBe(`left-pad unverified | ${NOT_IMPORTED}; but web/bun.lock is not read by composeshift (a bun lock): which kept package requires or peer-depends on left-pad cannot be read: kept; commit a package-lock.json, pnpm-lock.yaml or yarn.lock to decide`);
  });

  it('a lock that records no packages (`{}`): unverified, saying so', () => {
    expect(rows(web({ 'web/package-lock.json': '{}\n' })).find((r) => r.startsWith('left-pad'))).toBe(`left-pad unverified | ${NOT_IMPORTED}; but web/package-lock.json records no packages: which kept package requires or peer-depends on left-pad cannot be read: kept; commit a package-lock.json, pnpm-lock.yaml or yarn.lock to decide`);
  });

  it('a workspace member (the lock is the workspace root\'s, bun.lock above it): unverified, naming that lock', async () => {
    const dir = web({ 'package.json': '{\n  "name": "root",\n  "workspaces": ["web"]\n}\n', 'bun.lock': '{\n  "lockfileVersion": 1\n}\n' });
    expect(rows(dir).find((r) => r.startsWith('left-pad'))).toBe(`left-pad unverified | ${NOT_IMPORTED}; but no lock file beside web/package.json (bun.lock, a workspace root's, is not read for it): which kept package requires or peer-depends on left-pad cannot be read: kept; remove it by hand and update the workspace lock`);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  });

  it('a package-lock.json that does not record the candidate (out of date): unverified', () => {
    const lock = LOCK.replace('        "left-pad": "1.3.0",\n', '').replace('    "node_modules/left-pad": {\n      "version": "1.3.0"\n    },\n', '');
    expect(lock).not.toContain('left-pad');
    expect(rows(web({ 'web/package-lock.json': lock })).find((r) => r.startsWith('left-pad'))).toBe(`left-pad unverified | ${NOT_IMPORTED}; but web/package-lock.json does not record left-pad (out of date with web/package.json): which kept package requires or peer-depends on it cannot be read: kept; bring the lock up to date (\`npm install\`, \`pnpm install\` or \`yarn\`) to decide`);
  });

  it('a package-lock.json that does not record a kept package: what it requires is unknown, so left-pad is unverified', () => {
    const lock = LOCK.replace(/ {4}"node_modules\/sass-loader": \{[\s\S]*?\n {4}\}\n/, '').replace(/,\n(\s+)\}\n\}\n$/, '\n$1}\n}\n');
    expect(lock).not.toContain('node_modules/sass-loader');
    expect(JSON.parse(lock)).toBeTruthy();
    expect(rows(web({ 'web/package-lock.json': lock })).find((r) => r.startsWith('left-pad'))).toBe(`left-pad unverified | ${NOT_IMPORTED}; but web/package-lock.json does not record the kept sass-loader (out of date with web/package.json), so what it requires cannot be read: kept; bring the lock up to date (\`npm install\`, \`pnpm install\` or \`yarn\`) to decide`);
  });
});

describe('a lock that records every declared package and its peers', () => {
  it('@angular/compiler and sass are transitive (peers of kept packages); left-pad goes with the lock in sync (exact bytes)', async () => {
    const dir = web({ 'web/package-lock.json': LOCK });
    expect(rows(dir)).toEqual([
      '@angular/compiler transitive | required by @angular/core (web/package.json:5; @angular/core → @angular/compiler, from the dependencies/peerDependencies of web/package-lock.json); removing it from package.json would not uninstall it, and a peer would be unmet',
      `left-pad unused | ${NOT_IMPORTED}`,
      'sass transitive | required by sass-loader (web/package.json:8; sass-loader → sass, from the dependencies/peerDependencies of web/package-lock.json); removing it from package.json would not uninstall it, and a peer would be unmet',
      'sass-loader implicit | named as a string at web/src/main.js:2 (loaded by name)',
    ]);
    const { out } = await planFiles(dir, { transforms: ['unused-deps'] });
    const after = PKG.replace('    "left-pad": "1.3.0",\n', '');
    expect(out).toEqual({
      'web/package.json': after,
      'web/package-lock.json': LOCK.replace('        "left-pad": "1.3.0",\n', '').replace('    "node_modules/left-pad": {\n      "version": "1.3.0"\n    },\n', ''),
    });
  }, 180_000);

  it('with include: [test-only], typescript (a peer of the kept ts-loader) is transitive and stays; jest goes (exact bytes)', async () => {
    const pkg = '{\n  "name": "web",\n  "dependencies": {\n    "jest": "29.0.0",\n    "ts-loader": "9.0.0",\n    "typescript": "5.0.0"\n  }\n}\n';
    const lock = npmLock(pkg, { extra: { 'ts-loader': { peerDependencies: { typescript: '*' } } } });
    const dir = web({ 'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n    include: [test-only]\n', 'web/src/main.js': "export default { loader: 'ts-loader' };\n", 'web/package-lock.json': lock }, pkg);
    expect(rows(dir).map((r) => r.slice(0, r.indexOf(' |')))).toEqual(['jest test-only', 'ts-loader implicit', 'typescript transitive']);
    const after = pkg.replace('    "jest": "29.0.0",\n', '');
    expect((await planFiles(dir)).out).toEqual({ 'web/package.json': after, 'web/package-lock.json': npmLock(after, { extra: { 'ts-loader': { peerDependencies: { typescript: '*' } } } }) });
  }, 180_000);

  it('a package.json without "name": the lock keeps the name npm gave it (its folder), not the temp copy', async () => {
    const pkg = '{\n  "dependencies": {\n    "express": "4.21.0",\n    "left-pad": "1.3.0"\n  }\n}\n';
    const dir = tempProject({ 'compose.yaml': 'services:\n  api:\n    build: ./api\n', 'api/Dockerfile': DF, 'api/package.json': pkg, 'api/src/main.js': "require('express');\n" });
    writeFileSync(path.join(dir, 'api/package-lock.json'), npmLock(pkg, { folder: 'api' }));
    const after = pkg.replace(',\n    "left-pad": "1.3.0"', '');
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({ 'api/package.json': after, 'api/package-lock.json': npmLock(after, { folder: 'api' }) });
  }, 180_000);
});

describe('test/helpers/npm-lock.ts writes the lock npm itself writes', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'composeshift-npmlock-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('`npm install --package-lock-only --offline` with an empty cache leaves it byte-identical (no fetch, nothing re-resolved)', () => {
    const pkg = '{\n  "name": "web",\n  "dependencies": {\n    "@scope/x": "^1.2.0",\n    "left-pad": "1",\n    "ts-loader": "9.0.0",\n    "typescript": "5.0.0"\n  },\n  "devDependencies": {\n    "vite": "~5.4.0"\n  }\n}\n';
    const lock = npmLock(pkg, { extra: { 'ts-loader': { peerDependencies: { typescript: '*' } } } });
    const dir = path.join(work, 'web');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), pkg);
    writeFileSync(path.join(dir, 'package-lock.json'), lock);
    const r = execaSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', path.join(work, 'cache')], { cwd: dir, reject: false });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')).toBe(lock);
  }, 180_000);
});
