import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { memoryIO as io } from '../helpers/memory-io.js';
import { statsTable, tempProject } from '../helpers/temp-project.js';

const COMPOSE = 'services:\n  api:\n    image: api\n    mem_limit: 128M # api\n  worker:\n    image: w\n    mem_limit: 128M\n';
const CONFIG = 'policies:\n  - transform: memory-limits\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n';

function project() {
  return tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG, 'stats.txt': statsTable('demo', { api: [70, 128], worker: [20, 128] }) });
}

describe('cli', () => {
  it('plan (the default command) prints a git-style diff and a summary, writes nothing, exits 0', async () => {
    const dir = project();
    const t = io(dir);
    expect(await run(['-p', 'demo', '--usage', 'stats.txt'], t.io)).toBe(0);
    expect(t.out()).toContain('diff --git a/compose.yaml b/compose.yaml\n--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,7 +1,7 @@\n services:\n   api:\n     image: api\n-    mem_limit: 128M # api\n+    mem_limit: 192M # api\n');
    expect(t.out()).toMatch(/api\s+memory limit\s+128M → 192M\n    compose.yaml:4: /);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('--check exits 1 when changes are pending, 0 when none', async () => {
    const dir = project();
    expect(await run(['plan', '--check', '-p', 'demo', '--usage', 'stats.txt'], io(dir).io)).toBe(1);
    expect(await run(['plan', '--check', '-p', 'demo'], io(dir).io)).toBe(0);
  });

  it('apply writes; a second plan shows no changes', async () => {
    const dir = project();
    expect(await run(['apply', '-p', 'demo', '--usage', 'stats.txt'], io(dir).io)).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE.replace('128M # api', '192M # api'));
    const again = io(dir);
    expect(await run(['plan', '--check', '-p', 'demo', '--usage', 'stats.txt'], again.io)).toBe(0);
    expect(again.err()).toContain('no changes');
  });

  it('--json prints changes, findings, diffs and edits', async () => {
    const dir = project();
    const t = io(dir);
    await run(['plan', '--json', '-p', 'demo', '--usage', 'stats.txt'], t.io);
    const json = JSON.parse(t.out());
    // One project in the run: bare service names, as in the summary.
    expect(json.changes).toEqual([expect.objectContaining({ service: 'api', file: 'compose.yaml', line: 4, before: '128M', after: '192M' })]);
    expect(json.edits).toEqual([{ file: 'compose.yaml', range: [47, 51], rangeOf: 'original', pass: 1, text: '192M', transform: 'memory-limits' }]);
  });

  it('bad input: one error with file:line:col and the line, exit 2, nothing written', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  api:\n    mem_limit: 128Q\n', 'composeshift.config.yaml': CONFIG, 'stats.txt': statsTable('demo', { api: [70, 128] }) });
    const t = io(dir);
    expect(await run(['apply', '-p', 'demo', '--usage', 'stats.txt'], t.io)).toBe(2);
    expect(t.err()).toBe('composeshift: compose.yaml:3:16: unknown memory size "128Q" (use b, k, m or g, e.g. 128M)\n      mem_limit: 128Q\n                 ^\n');
  });

  it.each([
    ['invalid YAML', 'services:\n  api: [\n', /compose.yaml:\d+:\d+: invalid YAML/],
    ['duplicate keys', 'services:\n  api:\n    image: a\n    image: b\n', /compose.yaml:4:5: invalid YAML: Map keys must be unique/],
    ['an alias bomb (10^6 nodes)', 'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nservices:\n  s:\n    image: x\n', /compose.yaml:1:1: cannot resolve YAML aliases/],
  ])('%s → exit 2', async (_n, compose, message) => {
    const dir = tempProject({ 'compose.yaml': compose });
    const t = io(dir);
    expect(await run(['plan'], t.io)).toBe(2);
    expect(t.err()).toMatch(message);
  });

  it('non-UTF-8 input → exit 2 naming the place', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: x\n' });
    writeFileSync(path.join(dir, 'compose.yaml'), Buffer.from([0x73, 0x3a, 0x0a, 0x20, 0xff, 0x0a]));
    const t = io(dir);
    expect(await run(['plan'], t.io)).toBe(2);
    expect(t.err()).toMatch(/compose.yaml:2:2: not a text file/);
  });

  it('config errors name the key and its line', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': 'policies:\n  - transform: memory-limits\n    when: { limt: 128M }\n' });
    const t = io(dir);
    expect(await run(['plan'], t.io)).toBe(2);
    expect(t.err()).toMatch(/composeshift.config.yaml:3:13: unknown key "when.limt"/);
  });

  it('unknown transform and service are usage errors (exit 2)', async () => {
    const dir = project();
    const t = io(dir);
    expect(await run(['plan', '-t', 'nope'], t.io)).toBe(2);
    expect(t.err()).toContain('unknown transform "nope"');
    expect(await run(['plan', '--service', 'ghost'], io(dir).io)).toBe(2);
  });

  it('plan --help shows examples and exit codes', async () => {
    const t = io('/');
    expect(await run(['plan', '--help'], t.io)).toBe(0);
    expect(t.out()).toContain('Examples:\n  $ composeshift plan examples/smart-home --usage examples/smart-home/docker-stats.txt');
    expect(t.out()).toContain('Exit codes:\n  0  done (no changes pending, or changes written)\n  1  changes pending (with --check)\n  2  bad usage, config or input (nothing is written)');
  });

  it('the real binary runs (built dist), honours NO_COLOR', () => {
    const bin = path.resolve('bin/composeshift.js');
    const dir = project();
    const out = execFileSync(process.execPath, [bin, 'plan', dir, '-p', 'demo', '--usage', path.join(dir, 'stats.txt')], { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '1' }, encoding: 'utf8' });
    expect(out).toContain('-    mem_limit: 128M # api');
    expect(out).not.toContain('\u001b[');
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('cli: requirements includes', () => {
  it('an -r include that leaves the root is one error at the include line, exit 2, nothing written', async () => {
    const dir = tempProject({
      'repo/compose.yaml': 'services:\n  api:\n    build: ./api\n',
      'repo/api/Dockerfile': 'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      'repo/api/requirements.txt': 'torch==2.5.1\n-r ../../outside.txt\n',
      'outside.txt': 'numpy\n',
    });
    const t = io(path.join(dir, 'repo'));
    expect(await run(['apply', '-t', 'torch-cpu'], t.io)).toBe(2);
    expect(t.err()).toMatch(/^composeshift: api\/requirements.txt:2:\d+: .*outside/);
    expect(t.err()).toContain('-r ../../outside.txt');
    expect(readFileSync(path.join(dir, 'repo/api/requirements.txt'), 'utf8')).toBe('torch==2.5.1\n-r ../../outside.txt\n');
  });
});

describe('cli: --recursive', () => {
  it('plans every compose project under the root, naming services with their project', async () => {
    const dir = tempProject({
      'shop/compose.yaml': 'services:\n  api:\n    mem_limit: 128M\n',
      'blog/docker-compose.yml': 'name: blog\nservices:\n  api:\n    mem_limit: 128M\n',
      'node_modules/pkg/compose.yaml': 'services:\n  x:\n    mem_limit: 128M\n',
      'composeshift.config.yaml': CONFIG,
      'stats.txt': 'NAME   MEM USAGE / LIMIT\nshop-api-1   100MiB / 128MiB\nblog_api_1   90MiB / 128MiB\nother-x-1   1MiB / 128MiB\n',
    });
    const t = io(dir);
    expect(await run(['plan', '--recursive', '--usage', 'stats.txt', '-v'], t.io)).toBe(0);
    expect(t.out()).toContain('diff --git a/blog/docker-compose.yml b/blog/docker-compose.yml');
    expect(t.out()).toContain('diff --git a/shop/compose.yaml b/shop/compose.yaml');
    expect(t.out()).toMatch(/blog\/api\s+memory limit\s+128M → 192M\n    blog\/docker-compose.yml:4: /);
    expect(t.out()).toMatch(/shop\/api\s+memory limit\s+128M → 192M\n    shop\/compose.yaml:3: /);
    expect(t.err()).toContain('matched no service: other-x-1');
  });
});
