import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// Red-team class: compose shapes a parser accepts but the code did not expect (a null or list service,
// `services: []`, an empty file, a block-scalar size, `deploy: [1]` under a plugin's setSetting). Each was
// a stack trace ("internal error", exit 2) or a silent "no changes"; each must be ONE `file:line:col`
// error, exit 2, nothing written, through the real binary (the built bundle) as a CI gate runs it.
const BIN = path.resolve('bin/composeshift.js');
const PLUGIN = path.resolve('examples/plugins/cpu-limits.js');
const STATS = 'CONTAINER ID   NAME   CPU %   MEM USAGE / LIMIT   MEM %\nabc   rt-a-1   150%   100MiB / 128MiB   78%\n';

function cli(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const RUNS: [string, string[]][] = [
  ['memory-limits', ['-t', 'memory-limits', '--usage', 'stats.txt']],
  ['the cpu-limits plugin', ['-t', PLUGIN, '--usage', 'stats.txt']],
];

describe('hostile compose shapes: one file:line:col error, exit 2, nothing written', () => {
  const cases: [string, string, string][] = [
    ['a service with no value', 'services:\n  a:\n  b:\n    image: busybox\n    mem_limit: 128m\n', 'compose.yaml:2:5: services.a must be a mapping (docker compose refuses the file)'],
    ['a service that is a list', 'services:\n  a: [1, 2]\n', 'compose.yaml:2:6: services.a must be a mapping (docker compose refuses the file)'],
    ['services: []', 'services: []\n', 'compose.yaml:1:11: services must be a mapping (docker compose refuses the file)'],
    ['services: with no value', 'services:\n', 'compose.yaml:1:10: services must be a mapping (docker compose refuses the file)'],
    ['services: a scalar', 'services: hello\n', 'compose.yaml:1:11: services must be a mapping (docker compose refuses the file)'],
    ['an empty file', '', 'compose.yaml:1:1: empty compose file (docker compose refuses it)'],
    ['a file of comments', '# nothing yet\n', 'compose.yaml:1:1: empty compose file (docker compose refuses it)'],
    ['a service name with a space', 'services:\n  "a b":\n    image: busybox\n    mem_limit: 128m\n', 'compose.yaml:2:3: service name "a b" is not one compose accepts (a string of letters, digits, \'.\', \'_\' and \'-\')'],
    ['a service name that is a number', 'services:\n  123:\n    image: busybox\n', 'compose.yaml:2:3: service name 123 is not one compose accepts (a string of letters, digits, \'.\', \'_\' and \'-\')'],
  ];
  for (const [what, text, error] of cases) {
    for (const [name, args] of RUNS) {
      it(`${what} (${name}; was "internal error: TypeError" or "no changes")`, () => {
        const dir = tempProject({ 'compose.yaml': text, 'stats.txt': STATS });
        for (const cmd of ['plan', 'apply']) {
          const r = cli([cmd, '.', '-p', 'rt', ...args], dir);
          expect([r.code, r.out, r.err.split('\n')[0]]).toEqual([2, '', `composeshift: ${error}`]);
          expect(r.err).not.toMatch(/internal error|\n\s+at /);
        }
        expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(text);
      });
    }
  }

  it('an override file may name a service with no value (compose merges nothing): accepted', () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n', 'compose.override.yaml': 'services:\n  a:\n', 'stats.txt': STATS });
    const r = cli(['plan', '.', '-p', 'rt', '-t', 'memory-limits', '--usage', 'stats.txt'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+    mem_limit: 256m\n');
  });

  it('a size written as a block scalar: exit 2 at its line (was "internal error: cannot edit a block scalar")', () => {
    const text = 'services:\n  a:\n    image: busybox\n    mem_limit: >-\n      128m\n';
    const dir = tempProject({ 'compose.yaml': text, 'stats.txt': STATS });
    const r = cli(['apply', '.', '-p', 'rt', '-t', 'memory-limits', '--usage', 'stats.txt'], dir);
    expect([r.code, r.err]).toEqual([2, 'composeshift: compose.yaml:4:16: cannot edit a value written as a block scalar (>); write it on one line\n      mem_limit: >-\n                 ^\n']);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(text);
  });

  it("a plugin's setSetting under `deploy: [1]`: the helper's InputError is bad input, not an internal error (two loaded copies of the class)", () => {
    const text = 'services:\n  a:\n    image: busybox\n    deploy: [1]\n';
    const dir = tempProject({ 'compose.yaml': text, 'stats.txt': STATS });
    const r = cli(['apply', '.', '-p', 'rt', '-t', PLUGIN, '--usage', 'stats.txt'], dir);
    expect([r.code, r.err.split('\n')[0]]).toEqual([2, 'composeshift: compose.yaml:4:13: deploy must be a mapping to hold resources (docker compose refuses it too)']);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(text);
  });
});
