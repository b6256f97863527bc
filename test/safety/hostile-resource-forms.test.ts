import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// Red-team class: a new resource key written in the FILE's style beside the SERVICE's other form. compose
// refuses `cpus: 0.5` beside a new `deploy.resources.limits.memory` ("can't set distinct values on 'cpus' and
// 'deploy.resources.limits.cpus'"), and `mem_limit:` beside a new `deploy.resources.limits.cpus`; apply wrote
// both with exit 0. Now the service's own form decides, and verify refuses any new such pair (exit 2).
const BIN = path.resolve('bin/composeshift.js');
const CPU_PLUGIN = path.resolve('examples/plugins/cpu-limits.js');
const PIDS_PLUGIN = path.resolve('test/fixtures/redteam/pids-limit-plugin.js');

function cli(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `docker compose config -q` accepts the folder's compose file (true when Compose v2 is not installed: reported). */
function composeAccepts(dir: string): boolean {
  const r = spawnSync('docker', ['compose', '-p', 'redteam-forms', 'config', '-q'], { cwd: dir, encoding: 'utf8' });
  if (r.error) {
    console.warn(`[resource forms] docker compose not available (${r.error.message}): the output is checked by its bytes only`);
    return true;
  }
  if (r.status !== 0) console.error(r.stderr);
  return r.status === 0;
}

describe('hostile resource forms: a new key takes the service\'s own form', () => {
  it('memory-limits: a `cpus:` service in a deploy-style file gets mem_limit/mem_reservation, a mem_reservation service gets mem_limit', () => {
    const compose = 'services:\n  a:\n    image: busybox\n    cpus: 0.5\n  b:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n  c:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n  d:\n    image: busybox\n    mem_reservation: 64m\n';
    const dir = tempProject({ 'compose.yaml': compose, 'cfg.yaml': 'policies:\n  - transform: memory-limits\n    when: { limit: none }\n    set: { limit: 256M, reservation: 128M }\n' });
    const r = cli(['apply', '.', '-p', 'rt', '-c', 'cfg.yaml'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(
      'services:\n  a:\n    image: busybox\n    cpus: 0.5\n    mem_limit: 256M\n    mem_reservation: 128M\n  b:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n  c:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n  d:\n    image: busybox\n    mem_reservation: 128m\n    mem_limit: 256M\n',
    );
    expect(composeAccepts(dir)).toBe(true);
  });

  it('cpu-limits plugin: cpus under deploy where the service has a deploy block, `cpus:` where it has mem_limit, whatever the file\'s majority', () => {
    const compose = 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n  b:\n    image: busybox\n    mem_limit: 128m\n  c:\n    image: busybox\n    deploy: {resources: {limits: {memory: 128M}}}\n';
    const stats = 'NAME   CPU %   MEM USAGE / LIMIT\nrt-a-1   150%   10MiB / 128MiB\nrt-b-1   150%   10MiB / 128MiB\nrt-c-1   150%   10MiB / 128MiB\n';
    const dir = tempProject({ 'compose.yaml': compose, 'stats.txt': stats });
    const r = cli(['apply', '.', '-p', 'rt', '-t', CPU_PLUGIN, '--usage', 'stats.txt'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(
      'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n    cpus: 3\n  b:\n    image: busybox\n    mem_limit: 128m\n    cpus: 3\n  c:\n    image: busybox\n    deploy: {resources: {limits: {memory: 128M, cpus: 3}}}\n',
    );
    expect(composeAccepts(dir)).toBe(true);
  });

  it('verify refuses a new deploy.resources.limits block beside mem_limit (a plugin writing pids): exit 2, nothing written', () => {
    const compose = 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n';
    const dir = tempProject({ 'compose.yaml': compose });
    const r = cli(['apply', '.', '-p', 'rt', '-t', PIDS_PLUGIN], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("compose.yaml: service a would set distinct values on 'mem_limit' and 'deploy.resources.limits.memory', which docker compose refuses");
    expect(r.err).toContain('nothing was written');
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(compose);
  });
});

describe('hostile resource forms: a service-level key written as a variable', () => {
  it('`mem_limit: ${M:-128m}` beside a new deploy.resources.limits block is refused too (compose resolves it, then refuses)', () => {
    const compose = 'services:\n  a:\n    image: busybox\n    mem_limit: ${M:-128m}\n';
    const dir = tempProject({ 'compose.yaml': compose });
    const r = cli(['apply', '.', '-p', 'rt', '-t', PIDS_PLUGIN], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain("compose.yaml: service a would set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'");
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(compose);
  });
});
