import { describe, expect, it } from 'vitest';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

const MISSION = `policies:
  - transform: memory-limits
    when: { limit: 128M, usageAbove: 50% }
    set: { limit: 192M }
    reservations: scale
    annotate: true
`;

/** Run the mission policy (or another config) on one compose file with usage in MiB. */
async function run(compose: string, usage: Record<string, [number, number]>, config = MISSION, extra: Record<string, string> = {}) {
  const dir = tempProject({ 'compose.yaml': compose, 'composeshift.config.yaml': config, 'stats.txt': statsTable('p', usage), ...extra });
  const { plan, out } = await planFiles(dir, { usage: Object.keys(usage).length ? 'stats.txt' : undefined, projectName: 'p' });
  return { plan, out: out['compose.yaml'], dir };
}

describe('memory-limits: exact output', () => {
  const cases: { name: string; input: string; usage: Record<string, [number, number]>; output: string }[] = [
    {
      name: 'own block: limit raised, reservation scaled, annotated',
      input: 'services:\n  api:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n        reservations:\n          memory: 64M\n',
      usage: { api: [70, 128] },
      output: 'services:\n  api:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 192M  # Increased from 128M (was at 55% usage)\n        reservations:\n          memory: 96M\n',
    },
    {
      name: 'lower-case unit and an existing comment replaced',
      input: 'services:\n  api:\n    deploy: {resources: {limits: {memory: 128m}}}\n  web:\n    mem_limit: 128m # old note\n',
      usage: { api: [70, 128], web: [66, 128] },
      output: 'services:\n  api:\n    deploy: {resources: {limits: {memory: 192m}}}  # Increased from 128m (was at 55% usage)\n  web:\n    mem_limit: 192m # Increased from 128m (was at 52% usage)\n',
    },
    {
      name: 'quoted MB and plain bytes keep their style',
      input: 'services:\n  a:\n    mem_limit: "128MB"\n    mem_reservation: \'32MB\'\n  b:\n    mem_limit: 134217728\n',
      usage: { a: [70, 128], b: [80, 128] },
      output: 'services:\n  a:\n    mem_limit: "192MB"  # Increased from 128MB (was at 55% usage)\n    mem_reservation: \'48MB\'\n  b:\n    mem_limit: 201326592  # Increased from 134217728 (was at 63% usage)\n',
    },
    {
      name: 'anchor shared by services that all get the same value: the anchor is edited once',
      input: 'x-svc: &svc\n  deploy:\n    resources:\n      limits:\n        memory: 128M\n\nservices:\n  a:\n    <<: *svc\n    image: a\n  b:\n    <<: *svc\n    image: b\n',
      usage: { a: [70, 128], b: [68, 128] },
      output: 'x-svc: &svc\n  deploy:\n    resources:\n      limits:\n        memory: 192M  # Increased from 128M (was at 55% usage)\n\nservices:\n  a:\n    <<: *svc\n    image: a\n  b:\n    <<: *svc\n    image: b\n',
    },
    {
      name: 'scalar anchor shared, one user stays: the alias is replaced in the raised service only',
      input: 'x-mem: &mem 128M\nservices:\n  a:\n    mem_limit: *mem\n  b:\n    mem_limit: *mem\n',
      usage: { a: [70, 128], b: [20, 128] },
      output: 'x-mem: &mem 128M\nservices:\n  a:\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\n  b:\n    mem_limit: *mem\n',
    },
    {
      name: 'variable default edited, the variable kept',
      input: 'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          memory: ${A_MEM:-128M}\n',
      usage: { a: [70, 128] },
      output: 'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          memory: ${A_MEM:-192M}  # Increased from 128M (was at 55% usage)\n',
    },
    {
      name: 'CRLF file without final newline stays CRLF without final newline',
      input: 'services:\r\n  a:\r\n    mem_limit: 128M\r\n    mem_reservation: 64M',
      usage: { a: [70, 128] },
      output: 'services:\r\n  a:\r\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\r\n    mem_reservation: 96M',
    },
  ];
  it.each(cases)('$name', async ({ input, usage, output }) => {
    const { out } = await run(input, usage);
    expect(out).toBe(output);
  });

  it('services under the threshold or at another limit are not touched', async () => {
    const input = 'services:\n  a:\n    mem_limit: 128M\n  b:\n    mem_limit: 256M\n';
    const { out, plan } = await run(input, { a: [60, 128], b: [200, 256] });
    expect(out).toBeUndefined();
    expect(plan.changes).toEqual([]);
  });
});

const NONE = `policies:
  - transform: memory-limits
    when: { limit: none }
    set: { limit: 256M, reservation: 128M }
`;

describe('memory-limits: values that live outside the service block', () => {
  it('anchor shared with a service that keeps its value: the raised service gets a full copy (merges are shallow)', async () => {
    const input = 'x-svc: &svc\n  restart: always\n  deploy:\n    restart_policy:\n      condition: on-failure\n    resources:\n      limits:\n        memory: 128M\n        cpus: "0.5"\n      reservations:\n        memory: 64M\n\nservices:\n  a:\n    <<: *svc\n    image: a\n  b:\n    <<: *svc\n    image: b\n';
    const { out, plan } = await run(input, { a: [70, 128], b: [20, 128] });
    expect(out).toBe(
      'x-svc: &svc\n  restart: always\n  deploy:\n    restart_policy:\n      condition: on-failure\n    resources:\n      limits:\n        memory: 128M\n        cpus: "0.5"\n      reservations:\n        memory: 64M\n\nservices:\n  a:\n    <<: *svc\n    image: a\n    deploy:\n      restart_policy:\n        condition: on-failure\n      resources:\n        limits:\n          memory: 192M # Increased from 128M (was at 55% usage)\n          cpus: "0.5"\n        reservations:\n          memory: 96M\n  b:\n    <<: *svc\n    image: b\n',
    );
    expect(plan.changes.map((c) => c.reason).join('\n')).toContain('overrides anchor &svc in the service');
  });

  it('${VAR} without a default and no value anywhere is reported, never edited', async () => {
    const { out, plan } = await run('services:\n  a:\n    mem_limit: ${A_MEM}\n', {}, NONE);
    expect(out).toBeUndefined();
    expect(plan.findings.map((f) => f.code)).toContain('var-no-default');
  });

  it('${VAR} without a default: the stats row\'s limit is what the engine enforces; reported, never edited', async () => {
    const { out, plan } = await run('services:\n  a:\n    mem_limit: ${A_MEM}\n', { a: [70, 128] });
    expect(out).toBeUndefined();
    const f = plan.findings.find((x) => x.code === 'var-override');
    expect(f?.message).toBe("a: the engine enforces 128M from the running container's limit (stats.txt:2; A_MEM was set when it started), not the value written in compose.yaml:3; usage 70M = 55% of 128M; policy sets 192M: set A_MEM=192M where the stack is deployed (editing the file would change nothing); not changed");
  });

  it('${VAR:-default} with VAR set nowhere: the default is edited, with a warning that VAR would override it', async () => {
    const { out, plan } = await run('services:\n  a:\n    mem_limit: ${A_MEM:-128M}\n', { a: [70, 128] });
    expect(out).toBe('services:\n  a:\n    mem_limit: ${A_MEM:-192M}  # Increased from 128M (was at 55% usage)\n');
    expect(plan.findings.find((x) => x.code === 'var-override')?.message).toBe('a: changed the default of ${A_MEM}; A_MEM is not set in .env, an --env-file or the environment, but setting it there would override the new default');
  });

  it('extends: a base used by one service is edited where it is defined', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  a:\n    extends:\n      file: base.yaml\n      service: py\n    image: a\n',
      'base.yaml': 'services:\n  py:\n    mem_limit: 128M\n',
      'composeshift.config.yaml': MISSION,
      'stats.txt': statsTable('p', { a: [70, 128] }),
    });
    const { out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    expect(out).toEqual({ 'base.yaml': 'services:\n  py:\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\n' });
  });

  it('-f base -f override: the file that sets the effective value is edited', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  a:\n    image: a\n    mem_limit: 64M\n',
      'compose.prod.yaml': 'services:\n  a:\n    mem_limit: 128M\n',
      'composeshift.config.yaml': MISSION,
      'stats.txt': statsTable('p', { a: [70, 128] }),
    });
    const { out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'p', files: ['compose.yaml', 'compose.prod.yaml'].map((f) => `${dir}/${f}`) });
    expect(out).toEqual({ 'compose.prod.yaml': 'services:\n  a:\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\n' });
  });

  it('include: the included file is edited', async () => {
    const dir = tempProject({
      'compose.yaml': 'include:\n  - ./db/compose.yaml\nservices:\n  web:\n    image: w\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres\n    mem_limit: 128M\n',
      'composeshift.config.yaml': MISSION,
      'stats.txt': statsTable('p', { db: [100, 128], web: [100, 128] }),
    });
    const { out, plan } = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    expect(out).toEqual({ 'db/compose.yaml': 'services:\n  db:\n    image: postgres\n    mem_limit: 192M  # Increased from 128M (was at 78% usage)\n' });
    expect(plan.changes.map((c) => c.service)).toEqual(['p/db']);
  });
});

describe('memory-limits: limit none inserts keys in the file style', () => {
  it('block, existing deploy, flow resources, empty deploy', async () => {
    const input = 'services:\n  a:\n    image: a\n  b:\n    image: b\n    deploy:\n      restart_policy:\n        condition: on-failure\n  c:\n    image: c\n    deploy:\n      resources: {limits: {cpus: "0.5"}}\n  d:\n    image: d\n    deploy:\n  e:\n    image: e\n    deploy: {resources: {limits: {memory: 1g}}}\n';
    const { out } = await run(input, {}, NONE);
    expect(out).toBe(
      'services:\n  a:\n    image: a\n    deploy:\n      resources:\n        limits:\n          memory: 256m\n        reservations:\n          memory: 128m\n  b:\n    image: b\n    deploy:\n      restart_policy:\n        condition: on-failure\n      resources:\n        limits:\n          memory: 256m\n        reservations:\n          memory: 128m\n  c:\n    image: c\n    deploy:\n      resources: {limits: {cpus: "0.5", memory: 256m}, reservations: {memory: 128m}}\n  d:\n    image: d\n    deploy:\n      resources:\n        limits:\n          memory: 256m\n        reservations:\n          memory: 128m\n  e:\n    image: e\n    deploy: {resources: {limits: {memory: 1g}}}\n',
    );
  });

  it('a file whose services use mem_limit gets mem_limit/mem_reservation, in its unit style, not a deploy block', async () => {
    const input = 'services:\n  a:\n    image: a\n  e:\n    image: e\n    mem_limit: 1g\n';
    const { out } = await run(input, {}, NONE);
    expect(out).toBe('services:\n  a:\n    image: a\n    mem_limit: 256m\n    mem_reservation: 128m\n  e:\n    image: e\n    mem_limit: 1g\n');
  });

  it("a version: '2' file gets mem_limit even with no memory key anywhere", async () => {
    const { out } = await run("version: '2.4'\nservices:\n  a:\n    image: a\n", {}, NONE);
    expect(out).toBe("version: '2.4'\nservices:\n  a:\n    image: a\n    mem_limit: 256M\n    mem_reservation: 128M\n");
  });

  it('four-space indentation, no final newline', async () => {
    const input = 'services:\n    a:\n        image: a\n        deploy:\n            resources:\n                limits:\n                    cpus: "1"';
    const { out } = await run(input, {}, NONE);
    expect(out).toBe('services:\n    a:\n        image: a\n        deploy:\n            resources:\n                limits:\n                    cpus: "1"\n                    memory: 256M\n                reservations:\n                    memory: 128M');
  });
});

describe('memory-limits: target mode, shrink, OOM', () => {
  const TARGET = (extra = '') => `policies:\n  - transform: memory-limits\n    target: { usage: 40%, step: 64M, min: 64M, max: 2G }\n${extra}`;

  it('smallest multiple of step keeping usage at or below the target', async () => {
    // 70 MiB / 40% = 175 MiB → 192M; 20 MiB of 512M stays (no shrink); 300 MiB / 40% = 750 → 768M
    const { out } = await run('services:\n  a:\n    mem_limit: 128M\n  b:\n    mem_limit: 512M\n  c:\n    mem_limit: 1G\n', { a: [70, 128], b: [20, 512], c: [300, 1024] }, TARGET());
    expect(out).toBe('services:\n  a:\n    mem_limit: 192M\n  b:\n    mem_limit: 512M\n  c:\n    mem_limit: 1G\n');
  });

  it('raises to a whole unit only when it can, else a smaller unit', async () => {
    const { out } = await run('services:\n  c:\n    mem_limit: 512M\n  d:\n    mem_limit: 0.5g\n', { c: [300, 512], d: [300, 512] }, TARGET());
    expect(out).toBe('services:\n  c:\n    mem_limit: 768M\n  d:\n    mem_limit: 0.75g\n');
  });

  it('shrink lowers, never below usage × 1.15 + step', async () => {
    // 20 MiB: target gives 64M, floor 20×1.15+64 = 87 → 128M
    const { out } = await run('services:\n  b:\n    mem_limit: 512M\n', { b: [20, 512] }, TARGET('    shrink: true\n'));
    expect(out).toBe('services:\n  b:\n    mem_limit: 128M\n');
  });

  it('a service with no usage fact is reported, not guessed', async () => {
    const { out, plan } = await run('services:\n  a:\n    mem_limit: 128M\n  b:\n    mem_limit: 128M\n', { a: [70, 128] }, TARGET());
    expect(out).toBe('services:\n  a:\n    mem_limit: 192M\n  b:\n    mem_limit: 128M\n');
    expect(plan.findings.find((f) => f.service === 'p/b')?.code).toBe('no-usage');
  });
});

describe('memory-limits: idempotence', () => {
  it('a second run after apply (annotate on) changes nothing', async () => {
    const input = 'x-svc: &svc\n  deploy:\n    resources:\n      limits:\n        memory: 128M\n      reservations:\n        memory: 64M\nservices:\n  a:\n    <<: *svc\n  b:\n    <<: *svc\n  c:\n    mem_limit: "128MB"\n';
    const dir = tempProject({ 'compose.yaml': input, 'composeshift.config.yaml': MISSION, 'stats.txt': statsTable('p', { a: [70, 128], b: [20, 128], c: [65, 128] }) });
    const first = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    expect(first.plan.files.length).toBe(1);
    const { writeAll } = await import('../../src/pipeline/write-files.js');
    writeAll(first.plan.files);
    const second = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    expect(second.plan.edits).toEqual([]);
  });
});

describe('memory-limits: more shapes', () => {
  it('both forms present: mem_limit and deploy…memory stay equal', async () => {
    const { out } = await run('services:\n  a:\n    mem_limit: 128M\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n', { a: [70, 128] });
    expect(out).toBe('services:\n  a:\n    mem_limit: 192M\n    deploy:\n      resources:\n        limits:\n          memory: 192M  # Increased from 128M (was at 55% usage)\n');
  });

  it('an extends base shared by two services that diverge: the raised one gets its own value, the base stays', async () => {
    const dir = tempProject({
      'compose.yaml': 'services:\n  base:\n    image: b\n    mem_limit: 128M\n  a:\n    extends: base\n  c:\n    extends: base\n',
      'composeshift.config.yaml': MISSION,
      'stats.txt': statsTable('p', { base: [10, 128], a: [70, 128], c: [20, 128] }),
    });
    const { out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'p' });
    expect(out['compose.yaml']).toBe('services:\n  base:\n    image: b\n    mem_limit: 128M\n  a:\n    extends: base\n    mem_limit: 192M  # Increased from 128M (was at 55% usage)\n  c:\n    extends: base\n');
  });
});
