import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers/temp-project.js';

// `plan --json` edit ranges after a multi-pass run, through the real binary (the bundle: `npm run build` first).

const BIN = path.resolve('bin/composeshift.js');

const COMPOSE = 'services:\n  api:\n    image: api\n    ports: ["80:80"]\n  worker:\n    image: w\n';
// memory-limits inserts deploy blocks; compose-fields' cpus would go into the same place, so it is deferred to
// pass 2, where it edits inside the block pass 1 wrote (and its restart lands after the worker's new block).
const CONFIG = `policies:
  - transform: memory-limits
    when: { limit: none }
    set: { limit: 256M, reservation: 128M }
  - transform: compose-fields
    services: [api]
    set: { deploy.resources.limits.cpus: "0.5" }
  - transform: compose-fields
    services: [worker]
    set: { restart: always }
`;
const STATS = 'CONTAINER ID   NAME   CPU %   MEM USAGE / LIMIT   MEM %\nabc   demo-api-1   0.1%   70MiB / 1GiB   5%\nabd   demo-worker-1   0.1%   70MiB / 1GiB   5%\n';
const BLOCK = '    deploy:\n      resources:\n        limits:\n          memory: 256M\n        reservations:\n          memory: 128M\n';

interface JsonEdit {
  file: string;
  range: [number, number];
  rangeOf: string;
  pass: number;
  text: string;
  transform: string;
}

function splice(text: string, edits: readonly JsonEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.range[0] - b.e.range[0] || a.e.range[1] - b.e.range[1] || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    out += text.slice(pos, e.range[0]) + e.text;
    pos = e.range[1];
  }
  return out + text.slice(pos);
}

describe('plan --json: edit ranges of a multi-pass run', () => {
  it('pass 2 edits are on the original text where they can be, else on pass 1\'s output, and say which', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': CONFIG, 'stats.txt': STATS });
    const r = await execa('node', [BIN, 'plan', '--json', '-p', 'demo', '--usage', 'stats.txt'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout) as { edits: JsonEdit[]; findings: { code: string }[] };
    expect(json.findings.map((f) => f.code)).toContain('deferred');
    const apiEnd = COMPOSE.indexOf('  worker:');
    const pass1 = json.edits.filter((e) => e.pass === 1);
    expect(pass1).toEqual([
      { file: 'compose.yaml', range: [apiEnd, apiEnd], rangeOf: 'original', pass: 1, text: BLOCK, transform: 'memory-limits' },
      { file: 'compose.yaml', range: [COMPOSE.length, COMPOSE.length], rangeOf: 'original', pass: 1, text: BLOCK, transform: 'memory-limits' },
    ]);
    const afterPass1 = splice(COMPOSE, pass1);
    const [cpus, restart] = json.edits.filter((e) => e.pass === 2);
    // Inside the deploy block pass 1 inserted: no place in the original text; on pass 1's output instead.
    expect(cpus).toMatchObject({ rangeOf: 'pass-1-output', text: '          cpus: "0.5"\n', transform: 'compose-fields' });
    expect(afterPass1.slice(0, cpus!.range[0]).endsWith('    ports: ["80:80"]\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n')).toBe(true);
    expect(afterPass1.slice(cpus!.range[0]).startsWith('        reservations:\n')).toBe(true);
    // After the worker's new block: composed back through both pass-1 inserts to the original end of file
    // (pass 2 itself saw it 2 × BLOCK.length further on).
    expect(restart).toEqual({ file: 'compose.yaml', range: [COMPOSE.length, COMPOSE.length], rangeOf: 'original', pass: 2, text: '    restart: always\n', transform: 'compose-fields' });
    // The original-text edits in one sorted splice, then the pass-1-output one (restart lands after it), give the
    // file apply writes.
    const final = splice(COMPOSE, [...pass1, restart!]);
    const withCpus = final.slice(0, cpus!.range[0]) + cpus!.text + final.slice(cpus!.range[0]);
    expect(await execa('node', [BIN, 'apply', '-p', 'demo', '--usage', 'stats.txt', '-q'], { cwd: dir, reject: false }).then((a) => a.exitCode)).toBe(0);
    expect(readFileSync(path.join(dir, 'compose.yaml'), 'utf8')).toBe(withCpus);
  });

  it('a one-pass run: every edit is on the original text, pass 1', async () => {
    const dir = tempProject({ 'compose.yaml': COMPOSE, 'composeshift.config.yaml': 'policies:\n  - transform: compose-fields\n    set: { restart: always }\n' });
    const r = await execa('node', [BIN, 'plan', '--json'], { cwd: dir, reject: false });
    const json = JSON.parse(r.stdout) as { edits: JsonEdit[] };
    expect(json.edits.map((e) => [e.range, e.rangeOf, e.pass])).toEqual([[[apiEndOf(COMPOSE), apiEndOf(COMPOSE)], 'original', 1], [[COMPOSE.length, COMPOSE.length], 'original', 1]]);
  });
});

function apiEndOf(text: string): number {
  return text.indexOf('  worker:');
}
