// cpu-limits: a composeshift plugin transform (plain ES module JavaScript).
//   composeshift plan -t ./examples/plugins/cpu-limits.js --usage docker-stats.txt
// or in composeshift.config.yaml:
//   policies:
//     - transform: ./examples/plugins/cpu-limits.js
//       target: 50%
//
// From each service's peak `docker stats` CPU % (100% = one core busy), the smallest multiple of `step`
// CPUs that keeps the peak at or under `target` of the limit, written as `deploy.resources.limits.cpus`
// (or `cpus:` where the file writes service-level resource keys such as `mem_limit:`). A service with no
// measured CPU is left alone and said so: a limit is never guessed. A limit never exceeds `max`, nor, when
// measured live (`--usage docker`), the engine's own CPU count (`docker info`), which the engine would refuse.
import { defineTransform, readSetting, resourceStyle, setSetting } from 'composeshift';

const DEPLOY = ['deploy', 'resources', 'limits', 'cpus'];
const SERVICE = ['cpus'];

/** Round to 1/1000 of a CPU (compose's own precision is nano-CPUs; step arithmetic must not show 0.30000000000000004). */
const tidy = (n) => Math.round(n * 1000) / 1000;

export default defineTransform({
  meta: {
    name: 'cpu-limits',
    description: 'Set CPU limits (cpus) from measured docker stats CPU %, the way memory-limits sets memory',
    reads: ['compose'],
    edits: ['compose'],
    options: {
      services: { type: 'string[]', description: 'service names or globs this policy applies to (default: all)' },
      target: { type: 'percent', description: 'peak CPU as a share of the new limit, above 0% and at most 100%', above: 0, max: 1, default: 0.5 },
      step: { type: 'number', description: 'granularity of new limits, in CPUs', min: 0.01, default: 0.25 },
      min: { type: 'number', description: 'lowest limit, in CPUs', min: 0.01, default: 0.25 },
      max: { type: 'number', description: 'highest limit, in CPUs (e.g. the host\'s core count)', min: 0.01 },
      shrink: { type: 'boolean', description: 'allow lowering an existing limit', default: false },
    },
    defaultPolicies: [{}],
  },
  run(ctx) {
    for (const service of ctx.services) {
      const policy = ctx.policyFor(service);
      if (!policy || service.project.dockerfilesOnly) continue;
      const { target, step, min, max, shrink } = policy.options;
      const usage = ctx.facts.usage.get(service.key);
      if (usage?.cpuPercent === undefined) {
        ctx.report({ level: 'info', code: 'no-cpu-usage', service: service.key, message: `${service.name}: no measured CPU % (a docker stats file with a CPU % column, or --usage docker), so no CPU limit` });
        continue;
      }
      const cores = usage.cpuPercent / 100;
      let limit = tidy(Math.max(min, Math.ceil(tidy(cores / target / step)) * step));
      // The engine refuses a limit above its host's CPUs: measured live, that count bounds `max`.
      const host = ctx.facts.engine;
      const cap = host && (max === undefined || host.cpus < max) ? { cpus: host.cpus, what: `the engine's ${host.cpus} CPUs (${host.source})` } : max !== undefined ? { cpus: max, what: `max ${max} CPUs` } : undefined;
      let capped;
      if (cap && limit > cap.cpus) {
        if (cores > cap.cpus) {
          ctx.report({ level: 'warn', code: 'cpu-above-max', service: service.key, evidence: usage.cpuSource, message: `${service.name}: measured ${usage.cpuPercent}% CPU is above ${cap.what}; left alone` });
          continue;
        }
        limit = cap.cpus;
        capped = cap.what;
      }
      const current = readSetting(service, DEPLOY) ?? readSetting(service, SERVICE);
      if (current && /\$\{?\w/.test(current.raw)) {
        ctx.report({ level: 'warn', code: 'cpu-variable', service: service.key, file: current.file, line: current.line, message: `${service.name}: cpus is set by a variable (${current.raw}); left alone` });
        continue;
      }
      const before = current ? Number(current.raw) : undefined;
      if (Number.isNaN(before)) {
        ctx.report({ level: 'warn', code: 'cpu-unreadable', service: service.key, file: current.file, line: current.line, message: `${service.name}: cpus "${current.raw}" is not a number; left alone` });
        continue;
      }
      if (before === limit) continue;
      if (before !== undefined && before > limit && !shrink) {
        ctx.report({ level: 'info', code: 'cpu-kept', service: service.key, file: current.file, line: current.line, message: `${service.name}: cpus ${current.raw} already covers peak ${usage.cpuPercent}% at ${target * 100}% (shrink: true would lower it to ${limit})` });
        continue;
      }
      const path = current ? current.path : resourceStyle(service) === 'service' ? SERVICE : DEPLOY;
      const write = setSetting(service, path, limit);
      for (const edit of write.edits) ctx.edit(edit);
      ctx.change({
        value: { kind: 'cpu-limit', cpus: limit },
        service: service.key,
        file: write.file,
        line: write.line,
        what: 'cpu limit',
        before: current ? current.raw : 'none',
        after: String(limit),
        reason: `peak ${usage.cpuPercent}% CPU (${usage.cpuSource}) is ${Math.round((cores / limit) * 100)}% of ${limit} CPUs (target ${target * 100}%, step ${step}${capped ? `; capped at ${capped}` : ''})`,
        expect: write.expect,
      });
    }
  },
});
