import type { Finding } from '../src/core/finding.js';
import { memoryEdits } from '../src/policy/memory-edits.js';
import { planService, type MemoryWrite } from '../src/policy/memory-plan.js';
import type { OptionSpec, Transform } from '../src/transform/types.js';

const size = (description: string, values?: string[]): OptionSpec => ({ type: 'size', description, values });
const percent = (description: string): OptionSpec => ({ type: 'percent', description });

/** Rightsize memory limits (and reservations) from measured usage, per policy. */
const memoryLimits: Transform = {
  meta: {
    name: 'memory-limits',
    description: 'Raise (or, with shrink, lower) memory limits and reservations from measured usage',
    reads: ['compose'],
    edits: ['compose'],
    options: {
      when: {
        type: 'object',
        description: 'Which services the policy applies to',
        keys: {
          limit: size('current limit equals this size, or `none` for services without a limit', ['none']),
          usageAbove: percent('measured usage above this share of the limit'),
          usageBelow: percent('measured usage below this share of the limit'),
          service: { type: 'string[]', description: 'service names or globs' },
        },
      },
      set: {
        type: 'object',
        description: 'Set fixed values',
        keys: { limit: size('new limit'), reservation: size('new reservation') },
      },
      target: {
        type: 'object',
        description: 'Smallest multiple of step keeping usage at or below the target',
        keys: {
          usage: percent('target usage share'),
          step: size('granularity of new limits'),
          min: size('lowest limit'),
          max: size('highest limit'),
        },
      },
      shrink: { type: 'boolean', description: 'allow lowering a limit (never below usage × 1.15 + step)', default: false },
      reservations: { type: 'enum', values: ['keep', 'scale'], description: 'keep reservations, or scale them with the limit', default: 'keep' },
      annotate: { type: 'boolean', description: 'add an end-of-line comment saying what changed and why', default: false },
    },
    defaultPolicies: [{ target: { usage: 0.4, step: 64 * 1024 * 1024 } }],
  },
  run(ctx) {
    const findings: Finding[] = [];
    const writes: MemoryWrite[] = [];
    for (const service of ctx.project.services) {
      if (ctx.services.length && !ctx.services.includes(service.name)) continue;
      writes.push(...planService(service, ctx.facts.usage.get(service.key), ctx.policies, findings));
    }
    if (ctx.facts.unmatched.length) {
      findings.push({
        transform: 'memory-limits',
        level: 'info',
        code: 'unmatched-containers',
        message: `usage of ${ctx.facts.unmatched.length} container(s) matched no service: ${ctx.facts.unmatched.join(', ')}`,
      });
    }
    if (ctx.facts.missing.length) {
      findings.push({
        transform: 'memory-limits',
        level: 'warn',
        code: 'no-container',
        message: `no running container or series found for ${ctx.facts.missing.length} service(s): ${ctx.facts.missing.join(', ')} (is the project name right? use -p)`,
      });
    }
    const { edits, changes } = memoryEdits(writes, findings);
    return { edits, changes, findings };
  },
};

export default memoryLimits;
