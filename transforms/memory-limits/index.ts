import { memoryEdits } from './edits.js';
import { planBounded } from './bounded-peak.js';
import type { MemoryWrite } from './plan.js';
import type { Finding } from '../../src/core/finding.js';
import { defineTransform } from '../../src/transform/define.js';
import { OPTIONS } from './options.js';
import { plural } from '../../src/core/plural.js';

const T = 'memory-limits';

/** Rightsize memory limits (and reservations) from measured usage, per policy. */
const memoryLimits = defineTransform({
  meta: {
    name: 'memory-limits',
    description: 'Raise (or, with shrink, lower) memory limits and reservations from measured usage',
    reads: ['compose'],
    edits: ['compose'],
    options: OPTIONS,
    exclusive: [['set', 'target']],
    defaultPolicies: [{ target: { usage: 0.4, step: 64 * 1024 * 1024 } }],
  },
  run(ctx) {
    const findings: Finding[] = [];
    const writes: MemoryWrite[] = [];
    for (const cp of ctx.project.compose.filter((c) => c.dockerfilesOnly)) {
      findings.push({ transform: T, level: 'info', code: 'no-compose-file', message: `${cp.name}: no compose file, so no memory limits to edit (the services are the Dockerfiles found); limits live in compose files or in docker run` });
    }
    // Every selected service: the built-in OOM rule holds even where no policy's `services` matches.
    for (const service of ctx.selected) {
      if (service.project.dockerfilesOnly) continue;
      const policies = ctx.policies.filter((p) => p.services.includes(service));
      writes.push(...planBounded(service, ctx.facts.usage.get(service.key), policies, findings));
    }
    if (ctx.facts.unmatched.length) {
      findings.push({ transform: T, level: 'info', code: 'unmatched-containers', message: `usage of ${plural(ctx.facts.unmatched.length, 'container')} matched no service: ${ctx.facts.unmatched.join(', ')}` });
    }
    if (ctx.facts.notMeasured?.length) {
      findings.push({ transform: T, level: 'info', code: 'not-measured', message: `${plural(ctx.facts.notMeasured.length, 'stats row')} with no reading (\`-- / --\` or \`0B / 0B\`: the container was not running), not used: ${ctx.facts.notMeasured.join(', ')}` });
    }
    if (ctx.facts.limitConflicts?.length) {
      findings.push({ transform: T, level: 'warn', code: 'limit-conflict', message: `containers of ${plural(ctx.facts.limitConflicts.length, 'service')} run with different memory limits, so no running limit is used for ${ctx.facts.limitConflicts.length === 1 ? 'it' : 'them'} (the compose file's value decides): ${ctx.facts.limitConflicts.join(', ')}` });
    }
    if (ctx.facts.ambiguous?.length) {
      const n = ctx.facts.ambiguous.length;
      findings.push({ transform: T, level: 'warn', code: 'ambiguous-container', message: `usage of ${plural(n, 'container')} not used: ${n === 1 ? 'its name fits' : 'each name fits'} more than one service: ${ctx.facts.ambiguous.join(', ')}` });
    }
    if (ctx.facts.missing.length) {
      findings.push({
        transform: T,
        level: 'warn',
        code: 'no-container',
        // The -p hint only where nothing at all was found: a stopped container or a NaN series is not a wrong name.
        message: `no running container or series found for ${plural(ctx.facts.missing.length, 'service')}: ${ctx.facts.missing.join(', ')}${ctx.facts.missing.some((m) => !m.includes(' (')) ? ' (is the project name right? use -p)' : ''}`,
      });
    }
    const { edits, changes } = memoryEdits(writes, findings);
    findings.forEach(ctx.report);
    changes.forEach(ctx.change);
    return edits;
  },
});

export default memoryLimits;
