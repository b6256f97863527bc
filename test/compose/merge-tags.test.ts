import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { planFiles, statsTable, tempProject } from '../helpers/temp-project.js';

// Red-team class: compose's merge tags. `mem_limit: !reset null` (valid compose: no limit) was exit 2 "unknown
// memory size \"null\"" (the unknown tag read the scalar as a string); `deploy: !override {…}` without limits
// still let the base file's limit decide (compose drops it), and a value written after `!reset` would be
// dropped by compose. The readings are checked against the real `docker compose config`.

const BASE = 'services:\n  a:\n    image: busybox\n    mem_limit: 128m\n  b:\n    image: busybox\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n        reservations:\n          memory: 64M\n  c:\n    image: busybox\n    mem_limit: 128m\n';
const OVERRIDE = 'services:\n  a:\n    mem_limit: !reset null\n  b:\n    deploy: !override\n      resources:\n        reservations:\n          memory: 32M\n  c:\n    mem_limit: !override 128m\n';
const STATS = statsTable('rt', { a: [100, 128], b: [100, 128], c: [100, 128] });

describe('compose merge tags !reset and !override', () => {
  it('limits as compose reads them: a none (!reset), b none (!override without limits), c 128m; only c is scaled', async () => {
    const dir = tempProject({ 'compose.yaml': BASE, 'compose.override.yaml': OVERRIDE, 'stats.txt': STATS });
    const { plan, out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', transforms: ['memory-limits'] });
    expect(out).toEqual({ 'compose.override.yaml': OVERRIDE.replace('!override 128m', '!override 256m') });
    expect(plan.findings.filter((f) => f.code === 'no-limit').map((f) => f.service)).toEqual(['rt/a', 'rt/b']);

    const compose = await execa('docker', ['compose', '-p', 'rt-merge-tags', 'config', '--format', 'json'], { cwd: dir, reject: false });
    if (compose.failed) {
      if (process.env.CI === 'true') throw new Error(`docker compose is required with CI=true: ${compose.shortMessage}`);
      console.warn(`[merge tags oracle] skipped: ${compose.shortMessage}`);
      return;
    }
    const s = (JSON.parse(compose.stdout) as { services: Record<string, { mem_limit?: string; deploy?: { resources?: { limits?: unknown; reservations?: { memory?: string } } } }> }).services;
    expect([s.a!.mem_limit, s.b!.deploy?.resources?.limits, s.b!.deploy?.resources?.reservations?.memory, s.c!.mem_limit]).toEqual([undefined, undefined, '33554432', '134217728']);
  });

  it('a policy that sets missing limits never writes after a !reset tag (compose would drop it): warned, not changed', async () => {
    const dir = tempProject({
      'compose.yaml': BASE,
      'compose.override.yaml': OVERRIDE,
      'stats.txt': STATS,
      'cfg.yaml': 'policies:\n  - transform: memory-limits\n    when: { limit: none }\n    set: { limit: 256M }\n',
    });
    const { plan, out } = await planFiles(dir, { usage: 'stats.txt', projectName: 'rt', config: 'cfg.yaml', transforms: ['memory-limits'] });
    expect(plan.findings.find((f) => f.code === 'reset-tag')?.message).toBe('a: memory limit is `!reset` in compose.override.yaml:3 (docker compose drops the value: no limit); a value written there would be dropped too: no memory limit; policy sets 256M; not changed');
    // b's limit goes inside the !override mapping, the only place compose reads it from.
    expect(out['compose.override.yaml']).toBe(OVERRIDE.replace('          memory: 32M\n', '          memory: 32M\n        limits:\n          memory: 256M\n'));
  });

  it('several documents in one file: one clear error at the separator (was yaml\'s "please use YAML.parseAllDocuments()")', async () => {
    const dir = tempProject({ 'compose.yaml': 'services:\n  a:\n    image: busybox\n---\nservices:\n  b:\n    image: busybox\n' });
    await expect(planFiles(dir, { transforms: ['memory-limits'] })).rejects.toThrow('invalid YAML: several YAML documents (---) in one file; composeshift reads one document per compose file');
  });
});
