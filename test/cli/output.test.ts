import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { memoryIO as io } from '../helpers/memory-io.js';
import { statsTable, tempProject } from '../helpers/temp-project.js';

// Output at a glance (issue 11): width, one service key style, each change once, `none`, no-op notes, typed paths.

const EXAMPLE = path.resolve('examples/smart-home');
const STATS = path.join(EXAMPLE, 'docker-stats.txt');
/** The summary: from its header to the end of stdout (the diffs above it keep their exact lines). */
const summaryOf = (out: string): string => out.slice(out.indexOf('SERVICE '));
const longest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));

/** A Python service whose requirements list an unused package, with a memory limit to raise. */
const PY_SERVICE = (name: string) => ({
  [`${name}/Dockerfile`]: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY main.py .\nCMD ["python", "main.py"]\n',
  [`${name}/requirements.txt`]: 'requests==2.32.3\npandas==2.2.3\n',
  [`${name}/main.py`]: 'import requests\n',
});
const MEMORY_CONFIG = 'policies:\n  - transform: memory-limits\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n  - transform: unused-deps\n';

describe('output: the summary fits the terminal width', () => {
  it.each([80, 60, 120])('%i columns (stdout.columns): every summary and finding line fits', async (columns) => {
    const t = io(EXAMPLE, { columns });
    expect(await run(['plan', '--usage', STATS], t.io)).toBe(0);
    expect(summaryOf(t.out())).toMatch(/^SERVICE +CHANGE +BEFORE → AFTER\n/);
    expect(longest(summaryOf(t.out()))).toBeLessThanOrEqual(columns);
    expect(longest(t.err())).toBeLessThanOrEqual(columns);
  });

  it('COLUMNS when stdout is no terminal; 80 when neither says', async () => {
    const narrow = io(EXAMPLE, { env: { COLUMNS: '50' } });
    await run(['plan', '--usage', STATS], narrow.io);
    expect(longest(summaryOf(narrow.out()))).toBeLessThanOrEqual(50);
    const plain = io(EXAMPLE);
    await run(['plan', '--usage', STATS], plain.io);
    expect(longest(summaryOf(plain.out()))).toBeLessThanOrEqual(80);
    // Piped findings stay one greppable line each (no COLUMNS, no terminal).
    expect(plain.err()).toContain('warn ml-forecast: torch==2.5.1+cpu has no macOS wheel: installing this file on a Mac fails; set platformMarker: true');
  });

  it('an edit shared by 14 services is one row; the list is folded: "14 services: s01, s02, … (+N)"', async () => {
    const names = Array.from({ length: 14 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
    const compose = `x-svc: &svc\n  image: busybox\n  mem_limit: 128M\nservices:\n${names.map((n) => `  ${n}:\n    <<: *svc\n`).join('')}`;
    const dir = tempProject({ 'compose.yaml': compose, 'composeshift.config.yaml': MEMORY_CONFIG.split('  - transform: unused-deps')[0]!, 'stats.txt': statsTable('demo', Object.fromEntries(names.map((n) => [n, [100, 128]]))) });
    const t = io(dir, { columns: 80 });
    expect(await run(['plan', '-p', 'demo', '--usage', 'stats.txt'], t.io)).toBe(0);
    const summary = summaryOf(t.out());
    expect(longest(summary)).toBeLessThanOrEqual(80);
    expect(summary.split('\n').filter((l) => /memory limit\s+128M → 192M/.test(l))).toEqual(['14 services               memory limit  128M → 192M']);
    expect(summary).toMatch(/\n {4}compose\.yaml:3 {2}14 services: s01, s02, .*… \(\+\d+\)\n/);
    expect(summary).toContain('    … 11 more (--json lists every reason)\n');
  });
});

describe('output: one service key style', () => {
  it('one project: bare names in the summary, the findings and --json (memory-limits and unused-deps alike)', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  api:\n    build: ./api\n    mem_limit: 128M\n', ...PY_SERVICE('api'), 'composeshift.config.yaml': MEMORY_CONFIG, 'stats.txt': statsTable('demo', { api: [100, 128] }) });
    const t = io(dir);
    expect(await run(['plan', '-p', 'demo', '--usage', 'stats.txt', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.out()) as { changes: { transform: string; service: string }[]; findings: { service?: string }[] };
    expect(json.changes.map((c) => `${c.transform} ${c.service}`).sort()).toEqual(['memory-limits api', 'unused-deps api']);
    expect(json.findings.filter((f) => f.service !== undefined).every((f) => f.service === 'api')).toBe(true);
    const text = io(dir);
    await run(['plan', '-p', 'demo', '--usage', 'stats.txt'], text.io);
    const rows = summaryOf(text.out()).split('\n').filter((l) => /^\S/.test(l)).slice(1);
    expect(rows).toEqual([expect.stringMatching(/^api +memory limit +128M → 192M$/), expect.stringMatching(/^api +remove pandas +pandas==2\.2\.3 → \(removed\)$/)]);
  });

  it('several projects (--recursive): project/service everywhere, for every transform', async () => {
    const dir = tempProject({
      'shop/compose.yaml': 'services:\n  api:\n    build: ./api\n    mem_limit: 128M\n',
      ...Object.fromEntries(Object.entries(PY_SERVICE('api')).map(([k, v]) => [`shop/${k}`, v])),
      'blog/compose.yaml': 'services:\n  api:\n    build: ./api\n    mem_limit: 128M\n',
      ...Object.fromEntries(Object.entries(PY_SERVICE('api')).map(([k, v]) => [`blog/${k}`, v])),
      'composeshift.config.yaml': MEMORY_CONFIG,
      'stats.txt': `${statsTable('shop', { api: [100, 128] })}${statsTable('blog', { api: [100, 128] }).split('\n').slice(1).join('\n')}`,
    });
    const t = io(dir);
    expect(await run(['plan', '--recursive', '--usage', 'stats.txt', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.out()) as { changes: { transform: string; service: string }[]; findings: { service?: string }[] };
    expect(json.changes.map((c) => `${c.transform} ${c.service}`).sort()).toEqual(['memory-limits blog/api', 'memory-limits shop/api', 'unused-deps blog/api', 'unused-deps shop/api']);
    expect(json.findings.filter((f) => f.service !== undefined).every((f) => /^(shop|blog)\/api$/.test(f.service!))).toBe(true);
    const text = io(dir);
    await run(['plan', '--recursive', '--usage', 'stats.txt'], text.io);
    const services = summaryOf(text.out()).split('\n').filter((l) => /^\S/.test(l)).slice(1).map((l) => l.split(/\s+/)[0]);
    expect(services.sort()).toEqual(['blog/api', 'blog/api', 'shop/api', 'shop/api']);
  });
});

describe('output: each change once', () => {
  it('a removal is its change row only: the unused warning that restates it is folded in', async () => {
    const t = io(EXAMPLE);
    await run(['plan', '--usage', STATS], t.io);
    const all = t.out() + t.err();
    expect(summaryOf(t.out()).match(/remove pandas/g)).toHaveLength(1);
    expect(all).not.toContain('pandas is declared but never imported');
    // The Node removal too: its lock is kept in sync offline, and neither restates itself as a warning.
    expect(summaryOf(t.out()).match(/remove moment/g)).toHaveLength(1);
    expect(all).not.toContain('moment is declared but never imported');
    // A warning that is no restatement stays.
    expect(t.err()).toContain('warn ml-forecast: torch==2.5.1+cpu has no macOS wheel');
    // The anchor edit shared by three services: one row, each service's reason under it.
    expect(summaryOf(t.out()).match(/^3 services +memory limit +128M → 192M$/gm)).toHaveLength(1);
    expect(summaryOf(t.out())).toMatch(/^ {4}compose\.yaml:13\n {4}sensor-bridge: usage 70\.4M = 55% of 128M;.*\n {4}mqtt-ingest: usage 67\.84M.*\n {4}automation: usage 74\.24M/m);
  });

  it('a removal from a file three services install: one row, the services named beside file:line', async () => {
    const svc = (n: string) => `  ${n}:\n    build: ./app\n`;
    const dir = tempProject({ 'compose.yaml': `services:\n${svc('ingest-worker')}${svc('export-worker')}${svc('report-worker')}`, ...PY_SERVICE('app'), 'composeshift.config.yaml': 'policies:\n  - transform: unused-deps\n' });
    const t = io(dir, { columns: 80 });
    expect(await run(['plan'], t.io)).toBe(0);
    const summary = summaryOf(t.out());
    expect(summary).toMatch(/^3 services +remove pandas +pandas==2\.2\.3 → \(removed\)\n {4}app\/requirements\.txt:2 {2}3 services: ingest-worker, export-worker, … \(\+1\)\n {4}unused: no import of pandas/m);
    expect(summary.match(/remove pandas/g)).toHaveLength(1);
    expect(t.err()).not.toContain('pandas is declared but never imported');
    expect(longest(summary)).toBeLessThanOrEqual(80);
  });

  it('an empty before value shows as none', async () => {
    const t = io(EXAMPLE, { columns: 200 });
    await run(['plan', '-t', 'torch-cpu'], t.io);
    expect(summaryOf(t.out())).toMatch(/^ml-forecast +index +none → --extra-index-url https:\/\/download\.pytorch\.org\/whl\/cpu$/m);
    expect(summaryOf(t.out())).not.toMatch(/ {2}→ /);
  });
});

describe('output: why nothing changed, by default (no -v), one line each with what to pass', () => {
  it('memory-limits without usage facts', async () => {
    const t = io(EXAMPLE);
    expect(await run(['plan', '-t', 'memory-limits'], t.io)).toBe(0);
    expect(t.err()).toBe(
      'note: memory-limits: no usage facts, so 6 services kept their limits; pass --usage docker (live containers), --usage FILE (a saved `docker stats --no-stream`) or --usage prometheus=URL\n(6 info findings not shown; --verbose shows them)\nno changes\n',
    );
  });

  it('no stats row matched any service: the project name used, and -p', async () => {
    const t = io(EXAMPLE);
    expect(await run(['plan', '-t', 'memory-limits', '-p', 'wrong', '--usage', STATS], t.io)).toBe(0);
    expect(t.err()).toContain('note: memory-limits: no stats row matched a service of compose project "wrong" (11 unmatched: smart-home-mosquitto-1, … (+10)); pass -p NAME, the project name the containers run under\n');
  });

  it('everything filtered out by --service', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  api:\n    image: a\n    mem_limit: 128M\n  worker:\n    image: w\n    mem_limit: 128M\n',
      'composeshift.config.yaml': 'policies:\n  - transform: memory-limits\n    services: [api]\n    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n',
      'stats.txt': statsTable('demo', { api: [100, 128], worker: [100, 128] }),
    });
    const t = io(dir);
    expect(await run(['plan', '-p', 'demo', '--usage', 'stats.txt', '--service', 'worker'], t.io)).toBe(0);
    expect(t.err().split('\n').filter((l) => l.startsWith('note: '))).toEqual([
      'note: memory-limits: no policy applies to --service worker (its policies select api)',
      'note: no changes for --service worker; 1 other service was left out (run without --service to plan them)',
    ]);
  });
});

describe('output: paths and sources as the user typed them', () => {
  it('--usage that is neither a file nor docker nor prometheus=URL', async () => {
    const t = io(path.dirname(EXAMPLE));
    expect(await run(['plan', 'smart-home', '--usage', 'bogus'], t.io)).toBe(2);
    expect(t.err()).toBe('composeshift: --usage bogus: neither a file nor `docker` nor `prometheus=URL` (--usage takes a saved `docker stats --no-stream` file, `docker` for the live engine, or `prometheus=URL`)\n');
  });

  it.each([['plan'], ['report'], ['audit']])('%s: a missing -c file is named as given, not relative to the root', async (cmd) => {
    const t = io(path.dirname(EXAMPLE));
    expect(await run([cmd, 'smart-home', '-c', 'nope.yaml'], t.io)).toBe(2);
    expect(t.err()).toBe('composeshift: -c nope.yaml: no such file\n');
  });
});

describe('output: options', () => {
  it.each([
    [['report', '--bogus'], "error: unknown option '--bogus'"],
    [['plan', '--verbos'], "error: unknown option '--verbos'"],
    [['report', '-q'], "error: unknown option '-q'"],
    [['audit', '--check'], "error: unknown option '--check'"],
  ])('%j is an error (exit 2)', async (argv, message) => {
    const t = io(EXAMPLE);
    expect(await run(argv, t.io)).toBe(2);
    expect(t.err()).toContain(message);
  });

  it('report --json is --format json', async () => {
    const t = io(EXAMPLE);
    expect(await run(['report', '--json', '--usage', STATS], t.io)).toBe(0);
    const json = JSON.parse(t.out()) as { services: { service: string }[] };
    expect(json.services.length).toBe(11);
    expect(json.services[0]!.service).toBe('mosquitto');
  });

  it('the HTML report says "1 service", and names services in the run\'s style', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  api:\n    image: a\n    mem_limit: 128M\n' });
    const t = io(dir);
    expect(await run(['report', '--format', 'html'], t.io)).toBe(0);
    expect(t.out()).toContain('<p>1 service · memory limits');
    expect(t.out()).not.toMatch(/\b1 services\b/);
  });
});
