import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// Red-team classes (facts side of memory-limits, saved docker stats files), through the real binary:
// 1. A `0B / 0B` row (docker's row for a container that is not running: `docker stats --all`, or one that exited
//    while sampled) was read as usage 0 → a usageBelow/shrink policy cut 512m to 64m. No reading: not a fact.
// 2. Container names were matched with a guess: `proj-web-2` (compose v2's replica 2 of `web`) went to service
//    `web-2` (whose containers are `proj-web-2-<n>`), an unnumbered `proj-web` and a mixed `proj_web-1` were
//    taken too, and a name two projects of one run could carry (`a-b` + `c`, `a` + `b-c`) went to whichever
//    was listed last. Now: compose's own naming only; a name more than one service fits is reported, never used.
// 3. In a CRLF file an error's line:col drifted one char per line (a bad row 4 was reported at 3:32); a file with
//    a header and no rows was an error with no position.
const BIN = path.resolve('bin/composeshift.js');

function cli(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const TARGET = 'policies:\n  - transform: memory-limits\n    target: { usage: 50%, step: 64M }\n';
const SHRINK = 'policies:\n  - transform: memory-limits\n    when: { usageBelow: 10% }\n    shrink: true\n    target: { usage: 50%, step: 64M }\n';
const ONE = 'name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 512m\n';

function apply(files: Record<string, string>, extra: string[] = []): { dir: string; code: number | null; out: string; err: string } {
  const dir = tempProject(files);
  return { dir, ...cli(['apply', '.', '-t', 'memory-limits', '-v', '--usage', 'stats.txt', ...extra], dir) };
}

const read = (dir: string, rel = 'compose.yaml'): string => readFileSync(path.join(dir, rel), 'utf8');

describe('saved docker stats: a row that measures nothing is no fact', () => {
  const rows: [string, string, number][] = [
    ['a table row', 'NAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\nrtf-st-web-1\t0.00%\t0B / 0B\t0.00%\n', 2],
    ['a JSON line', '{"Name":"rtf-st-web-1","CPUPerc":"0.00%","MemUsage":"0B / 0B","MemPerc":"0.00%"}\n', 1],
  ];
  for (const [what, stats, line] of rows) {
    it(`0B / 0B as ${what}: the limit is kept and the row named (was 512m → 64m)`, () => {
      const r = apply({ 'compose.yaml': ONE, 'stats.txt': stats, 'composeshift.config.yaml': SHRINK });
      expect(r.code).toBe(0);
      expect(read(r.dir)).toBe(ONE);
      expect(r.err + r.out).toContain(`info 1 stats row with no reading (\`-- / --\` or \`0B / 0B\`: the container was not running), not used: stats.txt:${line}`);
      expect(r.err + r.out).not.toContain('pass -p NAME');
    });
  }
});

describe('saved docker stats: a usage beside a 0B limit', () => {
  it('is a reading (only 0B / 0B is none); the 0B is no limit reading: the compose file\'s limit decides', () => {
    const r = apply({ 'compose.yaml': ONE, 'stats.txt': 'NAME\tMEM USAGE / LIMIT\nrtf-st-web-1\t400MiB / 0B\n', 'composeshift.config.yaml': TARGET });
    expect(r.code).toBe(0);
    expect(read(r.dir)).toBe('name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 832m\n');
  });
});

describe('saved docker stats: container names are matched by compose naming only', () => {
  const TWO = 'name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 256m\n  web-2:\n    image: busybox\n    mem_limit: 256m\n';

  it('proj-web-2 is replica 2 of web, not service web-2 (was: web-2 raised to 512m, web kept)', () => {
    const stats = 'NAME\tMEM USAGE / LIMIT\nrtf-st-web-1\t20MiB / 256MiB\nrtf-st-web-2\t240MiB / 256MiB\nrtf-st-web-2-1\t10MiB / 256MiB\n';
    const r = apply({ 'compose.yaml': TWO, 'stats.txt': stats, 'composeshift.config.yaml': TARGET });
    expect(r.code).toBe(0);
    expect(read(r.dir)).toBe('name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 512m\n  web-2:\n    image: busybox\n    mem_limit: 256m\n');
  });

  it('an unnumbered name and mixed separators match nothing (were taken as web)', () => {
    const stats = 'NAME\tMEM USAGE / LIMIT\nrtf-st-web\t240MiB / 256MiB\nrtf-st_web-1\t240MiB / 256MiB\nrtf-st-web_1\t240MiB / 256MiB\n';
    const compose = 'name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 256m\n';
    const r = apply({ 'compose.yaml': compose, 'stats.txt': stats, 'composeshift.config.yaml': TARGET });
    expect(r.code).toBe(0);
    expect(read(r.dir)).toBe(compose);
    expect(r.err + r.out).toContain('info usage of 3 containers matched no service: rtf-st-web, rtf-st_web-1, rtf-st-web_1');
  });

  it('compose v1 names (proj_svc_1) still match', () => {
    const compose = 'name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 256m\n';
    const r = apply({ 'compose.yaml': compose, 'stats.txt': 'NAME   MEM USAGE / LIMIT\nrtf-st_web_1   240MiB / 256MiB\n', 'composeshift.config.yaml': TARGET });
    expect(r.code).toBe(0);
    expect(read(r.dir)).toBe(compose.replace('256m', '512m'));
  });

  it('a name two projects of one run could carry is reported, never used (was: whichever project came last)', () => {
    const a = 'name: a-b\nservices:\n  c:\n    image: busybox\n    mem_limit: 256m\n';
    const b = 'name: a\nservices:\n  b-c:\n    image: busybox\n    mem_limit: 256m\n';
    const r = apply({ 'a/compose.yaml': a, 'b/compose.yaml': b, 'stats.txt': 'NAME\tMEM USAGE / LIMIT\na-b-c-1\t240MiB / 256MiB\n', 'composeshift.config.yaml': TARGET }, ['--recursive']);
    expect(r.code).toBe(0);
    expect([read(r.dir, 'a/compose.yaml'), read(r.dir, 'b/compose.yaml')]).toEqual([a, b]);
    expect(r.err + r.out).toContain('warn usage of 1 container not used: its name fits more than one service: a-b-c-1 (stats.txt:2; could be a-b/c or a/b-c)');
  });

  it('a container_name equal to another service\'s generated name is ambiguous', () => {
    const compose = 'name: rtf-st\nservices:\n  web:\n    image: busybox\n    mem_limit: 256m\n  other:\n    image: busybox\n    container_name: rtf-st-web-1\n    mem_limit: 256m\n';
    const r = apply({ 'compose.yaml': compose, 'stats.txt': 'NAME\tMEM USAGE / LIMIT\nrtf-st-web-1\t240MiB / 256MiB\n', 'composeshift.config.yaml': TARGET });
    expect(r.code).toBe(0);
    expect(read(r.dir)).toBe(compose);
    expect(r.err + r.out).toContain('could be rtf-st/other or rtf-st/web');
  });
});

describe('saved docker stats: bad input is one file:line:col error, exit 2, nothing written', () => {
  const cases: [string, string, string][] = [
    ['a bad row in a CRLF file (was 3:32)', 'NAME   MEM USAGE / LIMIT\r\nrtf-st-web-1   100MiB / 128MiB\r\nrtf-st-web-2   100MiB / 128MiB\r\nrtf-st-web-3   lots / 128MiB\r\n', 'composeshift: stats.txt:4:1: cannot read memory usage "lots / 128MiB"\n'],
    ['a bad JSON line in a BOM + CRLF file (was 3:37)', '\uFEFF{"Name":"a","MemUsage":"1MiB / 2MiB"}\r\n{"Name":"b","MemUsage":"1MiB / 2MiB"}\r\n{"Name":"c","MemUsage":"1MiB / 2MiB"}\r\n{"Name":"c"}\r\n', 'composeshift: stats.txt:4:1: a stats line needs Name and MemUsage\n'],
    ['rows and no header (--format without table)', 'rtf-st-web-1\t100MiB / 512MiB\n', "composeshift: stats.txt:1:1: docker stats table needs a NAME (or CONTAINER) column and a MEM USAGE / LIMIT column; the first line is a row, not a header: save it with --format 'table {{.Name}}\\t{{.MemUsage}}' so docker prints one\n"],
    ['a header and no rows (was: no position)', 'NAME   MEM USAGE / LIMIT\r\n\r\n', 'composeshift: stats.txt:1:1: no container rows in docker stats output\n'],
  ];
  for (const [what, stats, first] of cases) {
    it(what, () => {
      const r = apply({ 'compose.yaml': ONE, 'stats.txt': stats, 'composeshift.config.yaml': TARGET });
      expect(r.code).toBe(2);
      expect(r.err.startsWith(first)).toBe(true);
      expect(r.err).not.toContain('internal error');
      expect(read(r.dir)).toBe(ONE);
    });
  }
});
