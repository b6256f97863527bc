import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { InputError } from '../../src/core/errors.js';
import { planFiles, readRel, statsTable, tempProject } from '../helpers/temp-project.js';

/** Plan one compose file under a config (none: the defaults) with usage in MiB; the new compose text. */
async function plan(compose: string, usage: Record<string, [number, number]>, config?: string, extra: Record<string, string> = {}, opts: Record<string, unknown> = {}) {
  const files: Record<string, string> = { 'compose.yaml': compose, ...extra };
  if (config !== undefined) files['composeshift.config.yaml'] = config;
  if (Object.keys(usage).length) files['stats.txt'] = statsTable('p', usage);
  const dir = tempProject(files);
  const r = await planFiles(dir, { usage: Object.keys(usage).length ? 'stats.txt' : undefined, projectName: 'p', ...opts });
  return { plan: r.plan, out: r.out['compose.yaml'], dir, findings: r.plan.findings.map((f) => `${f.level} ${f.code}: ${f.message}`) };
}

const policy = (body: string): string => `policies:\n  - transform: memory-limits\n${body}`;
const NONE = policy('    when: { limit: none }\n    set: { limit: 256M }\n');

describe('"no limit" values (0, -1, null) are never scaled', () => {
  it.each([
    ['mem_limit: 0', 'services:\n  a:\n    image: a\n    mem_limit: 0\n'],
    ['mem_limit: "0"', 'services:\n  a:\n    image: a\n    mem_limit: "0"\n'],
    ['mem_limit: -1', 'services:\n  a:\n    image: a\n    mem_limit: -1\n'],
    ['mem_limit: (empty)', 'services:\n  a:\n    image: a\n    mem_limit:\n'],
    ['deploy memory "0"', 'services:\n  a:\n    image: a\n    deploy:\n      resources:\n        limits:\n          memory: "0"\n'],
  ])('%s under the default policy: reported, not changed (on 1d94d06 it became a 256M cap)', async (_name, compose) => {
    const r = await plan(compose, { a: [100, 7936] });
    expect(r.out).toBeUndefined();
    expect(r.plan.findings.find((f) => f.code === 'no-limit')?.message).toMatch(/^a: its memory limit compose\.yaml:\d+ \((0|-1|null) means no limit\): nothing to scale; only a policy with `when: \{limit: none\}` sets one \(policy default\)$/);
  });

  it('mem_limit: 0 under a when: {limit: none} policy gets the new limit in place, in the file\'s unit style', async () => {
    const r = await plan('services:\n  a:\n    image: a\n    mem_limit: 0\n  b:\n    image: b\n    mem_limit: 1g\n', { a: [100, 7936], b: [100, 1024] }, NONE);
    expect(r.out).toBe('services:\n  a:\n    image: a\n    mem_limit: 256m\n  b:\n    image: b\n    mem_limit: 1g\n');
  });

  it('an empty mem_limit: under a when: {limit: none} policy gets a value after the colon', async () => {
    const r = await plan('services:\n  a:\n    image: a\n    mem_limit:\n    restart: always\n', {}, NONE);
    expect(r.out).toBe('services:\n  a:\n    image: a\n    mem_limit: 256M\n    restart: always\n');
  });
});

describe('config semantics are checked up front: exit 2 with file:line:col', () => {
  const cases: [string, string, string][] = [
    ['target step 0 (wrote mem_limit: NaN on 1d94d06)', '    target: { usage: 40%, step: 0 }\n', 'composeshift.config.yaml:3:33: target.step: expected a positive size such as 128M, got 0\n      target: { usage: 40%, step: 0 }\n                                  ^'],
    ['target usage 0% (wrote Infinity on 1d94d06)', '    target: { usage: 0%, step: 64M }\n', 'composeshift.config.yaml:3:22: target.usage: must be above 0%, got 0%\n      target: { usage: 0%, step: 64M }\n                       ^'],
    ['target usage above 100%', '    target: { usage: 150% }\n', 'composeshift.config.yaml:3:22: target.usage: must be at most 100%, got 150%\n      target: { usage: 150% }\n                       ^'],
    ['set and target together', '    set: { limit: 256M }\n    target: { usage: 40% }\n', 'composeshift.config.yaml:4:5: set and target cannot be used together in one policy (use one or the other)\n      target: { usage: 40% }\n      ^'],
    ['min above max', '    target:\n      usage: 40%\n      min: 2G\n      max: 1G\n', 'composeshift.config.yaml:6:7: target.max: max is below min\n        max: 1G\n        ^'],
    ['a size that does not parse', '    set: { limit: lots }\n', 'composeshift.config.yaml:3:19: set.limit: expected a size such as 128M\n      set: { limit: lots }\n                    ^'],
    ['set limit 0 (would lift the limit)', '    set: { limit: 0 }\n', 'composeshift.config.yaml:3:19: set.limit: expected a positive size such as 128M, got 0\n      set: { limit: 0 }\n                    ^'],
    ['set limit under the engine minimum', '    set: { limit: 1M }\n', 'composeshift.config.yaml:3:19: set.limit: must be at least 6M, got 1M\n      set: { limit: 1M }\n                    ^'],
    ['a reservation above the limit', '    set: { limit: 256M, reservation: 512M }\n', 'composeshift.config.yaml:3:25: set.reservation: a reservation cannot exceed the limit\n      set: { limit: 256M, reservation: 512M }\n                          ^'],
    ['usageAbove not below usageBelow', '    when: { usageAbove: 60%, usageBelow: 40% }\n    set: { limit: 256M }\n', 'composeshift.config.yaml:3:30: when.usageBelow: usageAbove 60% and usageBelow 40% match no usage\n      when: { usageAbove: 60%, usageBelow: 40% }\n                               ^'],
    ['when limit 0 (use none)', '    when: { limit: 0 }\n    set: { limit: 256M }\n', 'composeshift.config.yaml:3:20: when.limit: expected a positive size such as 128M, got 0 (none for no limit)\n      when: { limit: 0 }\n                     ^'],
  ];
  it.each(cases)('%s', async (_name, body, message) => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    mem_limit: 128M\n', 'composeshift.config.yaml': policy(body) });
    const err = await planFiles(dir, { projectName: 'p' }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe(message);
  });

  it('the CLI exits 2 and writes nothing', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    mem_limit: 128M\n', 'composeshift.config.yaml': policy('    target: { usage: 40%, step: 0 }\n') });
    const err: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, env: {}, cwd: dir };
    expect(await cli(['apply'], io)).toBe(2);
    expect(err.join('')).toContain('composeshift.config.yaml:3:33: target.step: expected a positive size');
    expect(readRel(dir, 'compose.yaml')).toBe('services:\n  a:\n    mem_limit: 128M\n');
  });
});

describe('a limit is never lowered without shrink, never under peak × 1.15 without force', () => {
  const LOWER = (extra = '') => policy(`    set: { limit: 64M }\n${extra}`);
  const svc = 'services:\n  a:\n    mem_limit: 128M\n';

  it('set below the current limit without shrink: not written, warned (on 1d94d06 128M → 1M while 100M was in use)', async () => {
    const r = await plan(svc, { a: [100, 128] }, LOWER());
    expect(r.out).toBeUndefined();
    expect(r.findings).toContain('warn would-lower: a: policy composeshift.config.yaml:2 would lower the limit 128M → 64M; not changed (add `shrink: true` to allow lowering)');
  });

  it('with shrink but under the measured peak × 1.15: not written, warned', async () => {
    const r = await plan(svc, { a: [100, 128] }, LOWER('    shrink: true\n'));
    expect(r.out).toBeUndefined();
    expect(r.findings).toContain('warn below-peak: a: policy composeshift.config.yaml:2 sets 64M, below measured peak 100M (stats.txt:2) × 1.15 = 115M: the container would be OOM-killed; not changed (`force: true` writes it anyway)');
  });

  it('with shrink and force: written, with a warning', async () => {
    const r = await plan(svc, { a: [100, 128] }, LOWER('    shrink: true\n    force: true\n'));
    expect(r.out).toBe('services:\n  a:\n    mem_limit: 64M\n');
    expect(r.findings).toContain('warn below-peak: a: 64M is below measured peak 100M (stats.txt:2) × 1.15 = 115M; written because the policy says `force: true`');
  });

  it('with shrink, above the peak × 1.15: written', async () => {
    const r = await plan(svc, { a: [40, 128] }, LOWER('    shrink: true\n'));
    expect(r.out).toBe('services:\n  a:\n    mem_limit: 64M\n');
  });

  it('256M on a service measured at 1.2 GiB: not written without force (written silently on 1d94d06)', async () => {
    const r = await plan('services:\n  a:\n    image: a\n', { a: [1228.8, 7936] }, NONE);
    expect(r.out).toBeUndefined();
    expect(r.findings).toContain('warn below-peak: a: policy composeshift.config.yaml:2 sets 256M, below measured peak 1.2G (stats.txt:2) × 1.15 = 1.38G: the container would be OOM-killed; not changed (`force: true` writes it anyway)');
    const forced = await plan('services:\n  a:\n    image: a\n', { a: [1228.8, 7936] }, NONE + '    force: true\n');
    expect(forced.out).toBe('services:\n  a:\n    image: a\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n');
    expect(forced.findings.filter((f) => f.startsWith('warn below-peak'))).toHaveLength(1);
  });
});

describe('decisions use the value the engine enforces', () => {
  const VAR = 'services:\n  a:\n    mem_limit: ${A_MEM:-128M}\n';
  const MISSION = policy('    when: { limit: 128M, usageAbove: 50% }\n    set: { limit: 192M }\n');

  it('${A_MEM:-128M} with .env A_MEM=512M: 400M used is 78% of 512M, not of 128M; the default is not edited; the message says set A_MEM in .env', async () => {
    const r = await plan(VAR, { a: [400, 512] }, undefined, { '.env': '# limits\nA_MEM=512M\n' });
    expect(r.out).toBeUndefined();
    expect(r.findings).toContain('warn var-override: a: the engine enforces 512M from A_MEM=512M in .env:2, not the default 128M written in compose.yaml:3; usage 400M = 78% of 512M; target 40% in 64M steps: set A_MEM=1024M in .env:2 (editing the file would change nothing); not changed');
  });

  it('the MISSION policy (when limit: 128M) does not match a service whose .env says 512M', async () => {
    const r = await plan(VAR, { a: [100, 512] }, MISSION, { '.env': 'A_MEM=512M\n' });
    expect(r.out).toBeUndefined();
    expect(r.plan.findings).toEqual([]);
  });

  it('--env-file replaces .env; later files win; the environment wins over every file', async () => {
    const extra = { '.env': 'A_MEM=512M\n', 'one.env': 'A_MEM=1G\n', 'two.env': 'A_MEM=2G\n' };
    const one = await plan(VAR, { a: [900, 1024] }, undefined, extra, { envFiles: ['one.env'] });
    expect(one.findings.find((f) => f.includes('var-override'))).toContain('the engine enforces 1G from A_MEM=1G in one.env:1');
    const two = await plan(VAR, { a: [900, 2048] }, undefined, extra, { envFiles: ['one.env', 'two.env'] });
    expect(two.findings.find((f) => f.includes('var-override'))).toContain('the engine enforces 2G from A_MEM=2G in two.env:1');
    const env = await plan(VAR, { a: [200, 256] }, undefined, extra, { envFiles: ['one.env'], environment: { A_MEM: '256M' } });
    expect(env.findings.find((f) => f.includes('var-override'))).toContain('the engine enforces 256M from A_MEM=256M in the environment');
  });

  it('an empty A_MEM= falls back to the default under :- (as compose does): the default is edited', async () => {
    const r = await plan(VAR, { a: [70, 128] }, MISSION, { '.env': 'A_MEM=\n' });
    expect(r.out).toBe('services:\n  a:\n    mem_limit: ${A_MEM:-192M}\n');
    expect(r.plan.changes.map((c) => c.reason)).toEqual(['usage 70M = 55% of 128M (the default of ${A_MEM}, which is unset or empty); policy sets 192M (policy composeshift.config.yaml:2, stats.txt:2)']);
  });

  it('the stats row disagrees with .env: decisions use .env (what `docker compose up` enforces), with a warning', async () => {
    const r = await plan(VAR, { a: [100, 1024] }, MISSION, { '.env': 'A_MEM=512M\n' });
    expect(r.findings).toContain('warn limit-mismatch: a: the running container\'s limit is 1G (stats.txt:2), the project resolves 512M from A_MEM=512M in .env:1; decisions use 512M, what `docker compose up` enforces');
  });

  it('A_MEM set nowhere but the running container has 512M: the stats row counts, the default is not edited', async () => {
    const r = await plan(VAR, { a: [400, 512] }, undefined);
    expect(r.out).toBeUndefined();
    expect(r.findings.find((f) => f.includes('var-override'))).toContain("the engine enforces 512M from the running container's limit (stats.txt:2; A_MEM was set when it started)");
  });

  it('the CLI takes --env-file (repeatable) and the process environment', async () => {
    const dir = tempProject({ 'compose.yaml': VAR, 'prod.env': 'A_MEM=512M\n', 'stats.txt': statsTable('p', { a: [400, 512] }) });
    const err: string[] = [];
    const io = (env: Record<string, string>) => ({ stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) }, env, cwd: dir });
    expect(await cli(['plan', '-p', 'p', '--usage', 'stats.txt', '--env-file', 'prod.env'], io({}))).toBe(0);
    expect(err.join('')).toContain('the engine enforces 512M from A_MEM=512M in prod.env:1');
    err.length = 0;
    expect(await cli(['plan', '-p', 'p', '--usage', 'stats.txt', '--env-file', 'prod.env'], io({ A_MEM: '2G' }))).toBe(0);
    expect(err.join('')).toContain('the project resolves 2G from A_MEM=2G in the environment; decisions use 2G');
    err.length = 0;
    expect(await cli(['plan', '-p', 'p', '--env-file', 'missing.env'], io({}))).toBe(2);
    expect(err.join('')).toContain('--env-file missing.env: no such file');
  });
});

describe('a stats limit of 0 (no limit set) is never a value to decide on', () => {
  it('${A_MEM:-128M} with a series reporting limit 0: the default counts', async () => {
    const { loadProject } = await import('../../src/project/load.js');
    const { emptyFacts } = await import('../../src/facts/types.js');
    const { runTransforms } = await import('../../src/pipeline/run-transforms.js');
    const { registry } = await import('../../transforms/index.js');
    const dir = tempProject({ 'compose.yaml': 'name: p\nservices:\n  a:\n    mem_limit: ${A_MEM:-128M}\n' });
    const facts = emptyFacts();
    facts.usage.set('p/a', { service: 'p/a', container: 'a', usageBytes: 100 * 1024 * 1024, limitBytes: 0, source: 'prometheus' });
    const r = runTransforms(loadProject({ root: dir }), facts, [registry.get('memory-limits')!], undefined);
    expect(r.changes.map((c) => `${c.before} → ${c.after}`)).toEqual(['${A_MEM:-128M} → ${A_MEM:-256M}']);
  });
});

describe('target mode keeps the head-room', () => {
  it('a target of 95% is lifted to peak × 1.15 (in steps); with force it is not', async () => {
    // 100 MiB used: 100/0.95 = 105.3 → 106M in 1M steps; peak × 1.15 = 115M
    const svc = 'services:\n  a:\n    mem_limit: 100M\n';
    const T = policy('    target: { usage: 95%, step: 1M }\n');
    expect((await plan(svc, { a: [100, 100] }, T)).out).toBe('services:\n  a:\n    mem_limit: 115M\n');
    const forced = await plan(svc, { a: [100, 100] }, T + '    force: true\n');
    expect(forced.out).toBe('services:\n  a:\n    mem_limit: 106M\n');
    expect(forced.findings).toContain('warn below-peak: a: 106M is below measured peak 100M (stats.txt:2) × 1.15 = 115M; written because the policy says `force: true`');
  });

  it('a max under peak × 1.15 writes nothing without force, and says so', async () => {
    const r = await plan('services:\n  a:\n    mem_limit: 128M\n', { a: [127, 128] }, policy('    target: { usage: 50%, step: 16M, max: 140M }\n'));
    expect(r.out).toBeUndefined();
    expect(r.findings).toEqual([
      'warn above-max: a: usage 127M needs more than max 140M at 50%',
      'warn below-peak: a: policy composeshift.config.yaml:2 sets 140M, below measured peak 127M (stats.txt:2) × 1.15 = 147M: the container would be OOM-killed; not changed (`force: true` writes it anyway)',
    ]);
  });
});

describe('interpolation forms that are not one ${VAR:-size}', () => {
  it.each(['$A_MEM', '${A}${B}', '${A_MEM:-${B_MEM}}'])('%s is reported, never edited', async (value) => {
    const r = await plan(`services:\n  a:\n    mem_limit: ${value}\n`, {}, NONE, { '.env': 'A_MEM=512M\nA=1\nB=2\n' });
    expect(r.out).toBeUndefined();
    expect(r.plan.findings.map((f) => f.code)).toEqual(['var-no-default']);
  });
});
