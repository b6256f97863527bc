import { execa } from 'execa';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeSemver, featureUses, unsupportedFeatures } from '../../src/compose/version-gates.js';
import { detectCompose } from '../../src/docker/detect-compose.js';
import { loadProject } from '../../src/project/load.js';
import { engineAvailable } from '../e2e/engine.js';
import { tempProject } from '../helpers/temp-project.js';

const COMPOSE = [
  'include:', //                                  line 1
  '  - ./db.yaml',
  'services:',
  '  api:',
  '    image: busybox',
  '    develop:', //                              line 6
  '      watch:',
  '        - action: sync',
  '          path: ./src',
  '          target: /app',
  '    depends_on:',
  '      db:',
  '        condition: service_started',
  '        required: false', //                   line 14
  '    deploy:',
  '      resources:', //                          line 16
  '        limits:',
  '          memory: 256M',
  '',
].join('\n');

function files(): ReturnType<typeof loadProject>['compose'][number]['files'] {
  const dir = tempProject({ 'compose.yaml': COMPOSE, 'db.yaml': 'services:\n  db:\n    image: busybox\n' });
  const cp = loadProject({ root: dir }).compose[0]!;
  return [...cp.files, ...cp.linked];
}

const codes = (uses: ReturnType<typeof featureUses>): string[] => uses.map((u) => `${u.feature.code}@${u.file}:${u.line}`);

describe('Compose version gates (semver)', () => {
  it('reads the versions Compose prints', () => {
    expect(composeSemver('2.26.1-4')).toBe('2.26.1');
    expect(composeSemver('v2.20.2-desktop.1')).toBe('2.20.2');
    expect(composeSemver('1.29.2')).toBe('1.29.2');
    expect(composeSemver('2.40')).toBe('2.40.0');
    expect(composeSemver('dev')).toBeUndefined();
  });

  it('finds each gated feature at its line', () => {
    expect(codes(featureUses(files()))).toEqual([
      'compose-include@compose.yaml:1',
      'compose-develop@compose.yaml:6',
      'compose-deploy-resources@compose.yaml:16',
      'compose-depends-on-required@compose.yaml:14',
    ]);
  });

  it('flags only what the given Compose is older than (boundaries included)', () => {
    const f = files();
    expect(codes(unsupportedFeatures(f, '1.29.2'))).toEqual(['compose-include@compose.yaml:1', 'compose-develop@compose.yaml:6', 'compose-deploy-resources@compose.yaml:16', 'compose-depends-on-required@compose.yaml:14']);
    expect(codes(unsupportedFeatures(f, '2.19.1'))).toEqual(['compose-include@compose.yaml:1', 'compose-develop@compose.yaml:6', 'compose-depends-on-required@compose.yaml:14']);
    expect(codes(unsupportedFeatures(f, '2.20.0'))).toEqual(['compose-develop@compose.yaml:6']);
    expect(codes(unsupportedFeatures(f, '2.22.0-1'))).toEqual([]);
    expect(codes(unsupportedFeatures(f, 'unknown'))).toEqual([]);
  });

  it('a file without gated features passes any Compose', () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    mem_limit: 1g\n' });
    const cp = loadProject({ root: dir }).compose[0]!;
    expect(unsupportedFeatures(cp.files, '1.25.0')).toEqual([]);
  });
});

const engine = await engineAvailable();
const stubs: string[] = [];
afterEach(() => {
  while (stubs.length) rmSync(stubs.pop()!, { recursive: true, force: true });
});

describe('Compose version on this machine and apply --up', () => {
  it.skipIf(!engine.ok && process.env.CI !== 'true')('the real Compose reports a semver version that has include:', async () => {
    const c = await detectCompose();
    expect(c.kind).toBe('v2');
    expect(composeSemver(c.version ?? '')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(unsupportedFeatures(files(), c.version!).map((u) => u.feature.code)).not.toContain('compose-include');
  });

  it('apply --up refuses, writing nothing, when the Compose on PATH is older than include:', async () => {
    // An old Compose cannot be installed here (no network): a `docker` on PATH that answers only
    // `docker compose version --short` with 2.19.0 stands in for it; nothing else is ever called.
    const bin = mkdtempSync(path.join(tmpdir(), 'composeshift-old-compose-'));
    stubs.push(bin);
    writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nif [ "$1 $2 $3" = "compose version --short" ]; then echo 2.19.0; exit 0; fi\necho "stub docker: $*" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'docker'), 0o755);
    const compose = 'include:\n  - ./db.yaml\nservices:\n  api:\n    image: busybox\n    mem_limit: 256m\n';
    const dir = tempProject({
      'compose.yaml': compose,
      'db.yaml': 'services:\n  db:\n    image: busybox\n',
      'docker-stats.txt': 'NAME   MEM USAGE / LIMIT\np-api-1   200MiB / 256MiB\n',
    });
    const cli = path.resolve(import.meta.dirname, '../../bin/composeshift.js');
    const r = await execa(process.execPath, [cli, 'apply', '--up', '-p', 'p', '--usage', 'docker-stats.txt', '-t', 'memory-limits', '.'], { cwd: dir, reject: false, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('the installed Docker Compose (2.19.0) is older than what the compose files use; nothing was written');
    expect(r.stderr).toContain('compose.yaml:1: top-level `include:` needs Compose ≥ 2.20.0');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(compose);
  });
});
