import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { UsageFact } from '../../src/facts/types.js';
import { loadProject } from '../../src/project/load.js';
import { planBounded } from '../../transforms/memory-limits/bounded-peak.js';
import { tempProject } from '../helpers/temp-project.js';

// A kernel peak that counts page cache bounds the working set's peak from above; the sampled usage from below.
// The plan is made with both: equal → that plan; different → nothing, and a warning with both figures.

const MiB = 1024 * 1024;
const DEFAULT = [{ options: { target: { usage: 0.4, step: 64 * MiB } }, source: 'policy default' }];

function plan(usageMiB: number, peakMiB: number, cacheMiB: number | undefined): { writes: string[]; findings: Finding[] } {
  const dir = tempProject({ 'compose.yaml': 'name: p\nservices:\n  api:\n    image: x\n    mem_limit: 128M\n' });
  const service = loadProject({ root: dir }).services.find((s) => s.name === 'api')!;
  const usage: UsageFact = {
    service: service.key,
    container: 'p-api-1',
    usageBytes: usageMiB * MiB,
    source: 'docker stats (3 samples)',
    peakWithCache: { bytes: peakMiB * MiB, source: 'cgroup memory.peak', ...(cacheMiB !== undefined ? { cacheBytes: cacheMiB * MiB } : {}) },
  };
  const findings: Finding[] = [];
  const writes = planBounded(service, usage, DEFAULT, findings).map((w) => `${w.kind} ${w.before} → ${w.after / MiB}M`);
  return { writes, findings: findings.filter((f) => f.code === 'peak-includes-cache') };
}

describe('memory-limits with a kernel peak that counts page cache', () => {
  it('both bounds ask for the same limit: it is written, no warning', () => {
    expect(plan(70, 76, 6)).toEqual({ writes: [`limit ${128 * MiB} → 192M`], findings: [] });
  });

  it('the bounds decide differently: nothing is written, a warning names both figures and the cache', () => {
    const { writes, findings } = plan(20, 104, 100);
    expect(writes).toEqual([]);
    expect(findings.map((f) => f.message)).toEqual([
      "api: the sampled usage 20M (docker stats (3 samples)) decides no change, the kernel's peak 104M (cgroup memory.peak) limit 128M → 320M; that peak counts page cache, which the kernel reclaims before an OOM kill (100M of it now (memory.stat inactive_file)), so the working set's peak lies between the two: nothing changed. Sample the service at its busiest (--samples N --interval MS) to measure it",
    ]);
  });

  it('memory.stat unreadable: the cache is unknown, and said so', () => {
    const { writes, findings } = plan(70, 120, undefined);
    expect(writes).toEqual([]);
    expect(findings[0]?.message).toContain('decides limit 128M → 192M, the kernel\'s peak 120M (cgroup memory.peak) limit 128M → 320M;');
    expect(findings[0]?.message).toContain('(memory.stat was not readable, so how much is not known)');
  });
});
