import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import formatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/composeshift.js');
const example = path.join(repo, 'examples/smart-home');
const schema = JSON.parse(readFileSync(path.join(repo, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
const Ajv = AjvModule.default;
const ajv = new Ajv({ allErrors: true, strict: false });
formatsModule.default(ajv);
const validate = ajv.compile(schema);

type Log = { runs: { results: { ruleId: string; level: string; locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[] };

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('--format sarif (the real binary on the bundled example)', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'ignore' });
  }, 300_000);

  it('plan: one result per change and per finding, valid SARIF 2.1.0, --check exit code kept', () => {
    const r = cli(['plan', examples(), '--usage', path.join(example, 'docker-stats.txt'), '--format', 'sarif', '--check']);
    expect(r.code, r.err).toBe(1);
    const log = JSON.parse(r.out) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const changes = log.runs[0]!.results.filter((x) => x.ruleId.endsWith('/change'));
    const json = JSON.parse(cli(['plan', examples(), '--usage', path.join(example, 'docker-stats.txt'), '--json']).out) as { changes: { file: string; line: number }[] };
    expect(changes.length).toBe(json.changes.length);
    expect(changes.map((c) => `${c.locations![0]!.physicalLocation.artifactLocation.uri}:${c.locations![0]!.physicalLocation.region!.startLine}`)).toEqual(json.changes.map((c) => `${c.file}:${c.line}`));
  });

  it('audit: valid SARIF with one result per audit finding', () => {
    const r = cli(['audit', examples(), '--format', 'sarif']);
    expect(r.code, r.err).toBe(0);
    const log = JSON.parse(r.out) as Log;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const audit = JSON.parse(cli(['audit', examples(), '--format', 'json']).out) as { services: { findings: unknown[] }[] };
    expect(log.runs[0]!.results.length).toBe(audit.services.reduce((n, s) => n + s.findings.length, 0));
    expect(log.runs[0]!.results.every((x) => x.ruleId.startsWith('unused-deps/'))).toBe(true);
  });
});

function examples(): string {
  return path.relative(repo, example);
}
