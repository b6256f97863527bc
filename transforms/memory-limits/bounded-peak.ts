import { formatMemory } from '../../src/compose/memory.js';
import type { Finding } from '../../src/core/finding.js';
import type { UsageFact } from '../../src/facts/types.js';
import type { Service } from '../../src/project/model.js';
import { planService, type MemoryWrite, type PolicyLike } from './plan.js';

const T = 'memory-limits';

/**
 * Plan one service. Where its usage fact carries a kernel peak that counts page cache (`peakWithCache`), the working
 * set's peak is only known to lie between the sampled usage and that peak: the plan is made with both, and when
 * they differ nothing is changed and a warning says why (a limit set from either would rest on a guess).
 */
export function planBounded(service: Service, usage: UsageFact | undefined, policies: readonly PolicyLike[], findings: Finding[]): MemoryWrite[] {
  const writes = planService(service, usage, policies, findings);
  const peak = usage?.peakWithCache;
  if (!usage || !peak) return writes;
  const upper = planService(service, { ...usage, usageBytes: peak.bytes, source: peak.source, peakWithCache: undefined }, policies, []);
  const describe = (ws: readonly MemoryWrite[]): string =>
    ws.length === 0 ? 'no change' : ws.map((w) => `${w.kind} ${w.before === undefined ? 'none' : formatMemory(w.before)} → ${formatMemory(w.after)}`).join(', ');
  if (describe(writes) === describe(upper)) return writes;
  const cache = peak.cacheBytes === undefined ? 'memory.stat was not readable, so how much is not known' : `${formatMemory(peak.cacheBytes)} of it now (memory.stat inactive_file)`;
  findings.push({
    transform: T,
    level: 'warn',
    code: 'peak-includes-cache',
    service: service.key,
    message:
      `${service.name}: the sampled usage ${formatMemory(usage.usageBytes)} (${usage.source}) decides ${describe(writes)}, the kernel's peak ${formatMemory(peak.bytes)} (${peak.source}) ${describe(upper)}; ` +
      `that peak counts page cache, which the kernel reclaims before an OOM kill (${cache}), so the working set's peak lies between the two: nothing changed. ` +
      'Sample the service at its busiest (--samples N --interval MS) to measure it',
  });
  return [];
}
