import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDotEnvLines } from '../../src/compose/interpolation.js';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

// Red-team class: `.env` read differently from compose. `MEM="512m" # prod` was the value `"512m"` (quotes
// kept: "not a size compose accepts"), `MEM: 512m` was not read at all (so the compose default decided),
// `MEM=${BASE}` was not interpolated. The oracle is the real `docker compose config` on this machine.

const ENV = [
  'A="128m" # a comment after the quotes',
  'BASE=7',
  'B=${BASE}m',
  'C: 5m',
  'D=x#y',
  'E="a\\nb"',
  "F='q${BASE}'",
  '  G = 9 ',
  'H=1 #c',
  'export I=${NOPE:-64m}',
  'J="multi',
  'line" # x',
  'K=$$x',
].join('\n') + '\n';

const EXPECTED: Record<string, string> = { A: '128m', BASE: '7', B: '7m', C: '5m', D: 'x#y', E: 'a\nb', F: 'q${BASE}', G: '9', H: '1', I: '64m', J: 'multi\nline', K: '$x' };

describe('.env as docker compose reads it', () => {
  it('values: quotes with a comment after, KEY: value, interpolation, escapes, multi-line, $$', () => {
    const got = Object.fromEntries([...parseDotEnvLines(ENV)].map(([k, v]) => [k, v.value]));
    expect(got).toEqual(EXPECTED);
    expect(parseDotEnvLines(ENV).get('J')?.line).toBe(11);
    expect(parseDotEnvLines('\ufeffexport M=1\r\nN="2"\r\n').get('N')).toEqual({ value: '2', line: 2 });
  });

  const dir = mkdtempSync(path.join(tmpdir(), 'composeshift-dotenv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('agrees with `docker compose config` (skipped with a reason when Compose v2 is not installed)', async (ctx) => {
    const version = await execa('docker', ['compose', 'version'], { reject: false });
    if (version.failed) {
      console.warn(`[dotenv oracle] skipped: docker compose is not available (${version.shortMessage})`);
      if (process.env.CI === 'true') throw new Error('docker compose is required with CI=true');
      ctx.skip();
    }
    const names = Object.keys(EXPECTED);
    writeFileSync(path.join(dir, '.env'), ENV);
    writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  a:\n    image: busybox\n    environment:\n${names.map((n) => `      ${n}: \${${n}-unset}\n`).join('')}`);
    const r = await execa('docker', ['compose', '-p', 'dotenv-oracle', 'config', '--format', 'json'], { cwd: dir, env: Object.fromEntries(names.map((n) => [n, undefined])) as unknown as Record<string, string> });
    const env = (JSON.parse(r.stdout) as { services: { a: { environment: Record<string, string> } } }).services.a.environment;
    // `config` prints a literal `$` escaped as `$$`.
    expect(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace(/\$\$/g, '$')]))).toEqual(EXPECTED);
  });

  it('memory-limits decides with `MEM="512m" # prod` as 512m, and with `MEM: 512m` (was: "not a size", or the 128m default)', async () => {
    for (const line of ['MEM="512m" # prod\n', 'MEM: 512m\n', 'BASE=512\nMEM=${BASE}m\n']) {
      const root = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n    mem_limit: ${MEM:-128m}\n', '.env': line, 'stats.txt': statsTable('rt', { a: [400, 512] }) });
      const { plan, out } = await planFiles(root, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'], environment: {} });
      expect(out).toEqual({});
      const f = plan.findings.find((x) => x.service === 'rt/a' && x.level === 'warn');
      expect(f?.message).toMatch(/^a: the engine enforces 512M from MEM=512m in \.env:\d, not the default 128m written in compose\.yaml:4; usage 400M = 78% of 512M;/);
    }
  });
});
