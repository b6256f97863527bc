import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { syncLock } from '../../src/node/lock-sync.js';
import { planFiles, readRel, tempProject } from '../helpers/temp-project.js';

// A local npm cache holding two tiny packages written here: no registry is ever asked (every npm call is --offline).
let work: string;
let cache: string;
const lockEntry = (n: string): string => {
  const tgz = readFileSync(path.join(work, `composeshift-fixture-${n}-1.0.0.tgz`));
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`;
  return `    "node_modules/composeshift-fixture-${n}": {\n      "version": "1.0.0",\n      "resolved": "https://registry.npmjs.org/composeshift-fixture-${n}/-/composeshift-fixture-${n}-1.0.0.tgz",\n      "integrity": "${integrity}"\n    }`;
};
const PKG = '{\n  "name": "api",\n  "dependencies": {\n    "composeshift-fixture-a": "1.0.0",\n    "composeshift-fixture-b": "1.0.0"\n  }\n}\n';
const lockText = (deps: string[], entries: string[]): string =>
  `{\n  "name": "api",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n    "": {\n      "name": "api",\n      "dependencies": {\n${deps.map((d) => `        "composeshift-fixture-${d}": "1.0.0"`).join(',\n')}\n      }\n    },\n${entries.join(',\n')}\n  }\n}\n`;
const project = (pkg: string, index: string): string =>
  tempProject({
    'compose.yaml': 'services:\n  api:\n    build: .\n',
    'Dockerfile': 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY index.js ./\nCMD ["node", "index.js"]\n',
    'package.json': pkg,
    'package-lock.json': lockText(['a', 'b'], [lockEntry('a'), lockEntry('b')]),
    'index.js': index,
  });
const npm = (cwd: string, args: string[]) => execaSync('npm', [...args, '--offline', '--cache', cache, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, reject: false });

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'composeshift-node-lock-'));
  cache = path.join(work, 'cache');
  for (const n of ['a', 'b']) {
    const dir = path.join(work, n);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'package.json'), `{"name": "composeshift-fixture-${n}", "version": "1.0.0", "main": "index.js"}\n`);
    writeFileSync(path.join(dir, 'index.js'), `module.exports = '${n}';\n`);
    execaSync('npm', ['pack', '--pack-destination', work, '--offline', '--cache', cache], { cwd: dir });
    execaSync('npm', ['cache', 'add', path.join(work, `composeshift-fixture-${n}-1.0.0.tgz`), '--offline', '--cache', cache]);
  }
  process.env.npm_config_cache = cache;
}, 120_000);
afterAll(() => {
  delete process.env.npm_config_cache;
  rmSync(work, { recursive: true, force: true });
});

describe('unused-deps keeps package-lock.json in sync (real npm, offline, local cache)', () => {
  it('the plan carries the lock diff (exact bytes); after apply, `npm ci --offline` installs from the local cache', async () => {
    const dir = project(PKG, "module.exports = require('composeshift-fixture-a');\n");
    expect(npm(dir, ['ci', '--dry-run']).exitCode).toBe(0);
    const { out, plan } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out).toEqual({
      'package.json': '{\n  "name": "api",\n  "dependencies": {\n    "composeshift-fixture-a": "1.0.0"\n  }\n}\n',
      'package-lock.json': lockText(['a'], [lockEntry('a')]),
    });
    expect(plan.changes.map((c) => `${c.file}:${c.line} ${c.what}`)).toEqual(['package-lock.json:1 update package-lock.json', 'package.json:5 remove composeshift-fixture-b']);

    const err: string[] = [];
    const io = { stdout: { write: () => true, isTTY: false }, stderr: { write: (s: string) => err.push(s), isTTY: false }, env: {}, cwd: dir };
    expect(await run(['apply', '-t', 'unused-deps'], io as never), err.join('')).toBe(0);
    expect(readRel(dir, 'package-lock.json')).toBe(out['package-lock.json']);
    const ci = npm(dir, ['ci']);
    expect(ci.exitCode, String(ci.stderr)).toBe(0);
    expect(existsSync(path.join(dir, 'node_modules/composeshift-fixture-a/index.js'))).toBe(true);
    expect(existsSync(path.join(dir, 'node_modules/composeshift-fixture-b'))).toBe(false);
    expect((await planFiles(dir, { transforms: ['unused-deps'] })).out).toEqual({});
  }, 120_000);

  it('the lock comes from the derive stage, stamped as unused-deps: its edits and change, and the removal\'s reason naming the command', async () => {
    const dir = project(PKG, "module.exports = require('composeshift-fixture-a');\n");
    const { plan } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect([...new Set(plan.edits.map((e) => `${e.transform} ${path.basename(e.file)}`))]).toEqual(['unused-deps package.json', 'unused-deps package-lock.json']);
    expect(plan.changes.map((c) => [c.transform, c.value, c.reason])).toEqual([
      ['unused-deps', { kind: 'lock-updated', lockFile: 'package-lock.json' }, 'keeps the lock in sync with package.json (`npm install --package-lock-only --offline --ignore-scripts --no-audit --no-fund` in a temp copy)'],
      ['unused-deps', { kind: 'requirement-removed', package: 'composeshift-fixture-b', ecosystem: 'node' }, 'unused: not imported by any of 1 JS/TS file copied into the image (index.js); no script or command runs it; package-lock.json updated by `npm install --package-lock-only --offline --ignore-scripts --no-audit --no-fund`'],
    ]);
  }, 120_000);

  it('when npm cannot update the lock offline (the cache lacks a package), nothing is removed and a finding carries npm error', async () => {
    // A devDependency the lock lacks: the lock records every analysed dependency (else the removal is unverified
    // before npm runs), but npm must resolve composeshift-fixture-c, which no cache holds.
    const pkg = PKG.replace('"1.0.0"\n  }\n}', '"1.0.0"\n  },\n  "devDependencies": {\n    "composeshift-fixture-c": "1.0.0"\n  }\n}');
    expect(pkg).toContain('"devDependencies"');
    const dir = project(pkg, "require('composeshift-fixture-a');\n");
    const { out, plan } = await planFiles(dir, { transforms: ['unused-deps'] });
    expect(out).toEqual({});
    const f = plan.findings.filter((x) => x.code === 'dep-lock-sync-failed');
    expect(f.length).toBe(1);
    expect(f[0]!.message.startsWith('package.json: not removing composeshift-fixture-b: `npm install --package-lock-only --offline --ignore-scripts --no-audit --no-fund` failed: code ENOTCACHED | ')).toBe(true);
    expect(f[0]!.message).toContain('composeshift-fixture-c');
  }, 120_000);
});

describe('syncLock refuses what it cannot prove', () => {
  const lock = () => lockText(['a', 'b'], [lockEntry('a'), lockEntry('b')]);

  it('workspaces, local-path dependencies and linked lock entries: refused before npm runs', () => {
    expect(syncLock(work, 'package-lock.json', '{"workspaces": ["web"], "dependencies": {}}', lock())).toEqual({ ok: false, reason: 'package.json declares workspaces: the lock is shared with other packages and cannot be updated from a copy of this folder' });
    expect(syncLock(work, 'package-lock.json', '{"dependencies": {"shared": "file:../shared"}}', lock())).toEqual({ ok: false, reason: 'dependencies.shared is a local path (file:../shared): the lock cannot be updated from a copy of this folder' });
    const linked = lock().replace('"version": "1.0.0",', '"link": true,\n      "version": "1.0.0",');
    expect(syncLock(work, 'package-lock.json', '{"dependencies": {}}', linked)).toEqual({ ok: false, reason: 'package-lock.json links local packages: it cannot be updated from a copy of this folder' });
  });

  it('a lockfileVersion 1 lock that npm would upgrade: refused with the reason', () => {
    const v1 = `{\n  "name": "api",\n  "lockfileVersion": 1,\n  "requires": true,\n  "dependencies": {\n    "composeshift-fixture-a": {\n      "version": "1.0.0",\n      "resolved": "https://registry.npmjs.org/composeshift-fixture-a/-/composeshift-fixture-a-1.0.0.tgz",\n      "integrity": "${/"integrity": "([^"]+)"/.exec(lockEntry('a'))![1]}"\n    }\n  }\n}\n`;
    const r = syncLock(work, 'package-lock.json', '{\n  "name": "api",\n  "dependencies": {\n    "composeshift-fixture-a": "1.0.0"\n  }\n}\n', v1);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('`npm install --package-lock-only --offline --ignore-scripts --no-audit --no-fund` wrote a lock that does not read back: lockfileVersion changed from 1 to 3 (upgrade the lock on its own first)');
  }, 120_000);
});
