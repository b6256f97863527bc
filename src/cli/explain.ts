import { matchesGlobs } from '../core/globs.js';
import { selectedBy, serviceNames } from '../project/service-select.js';
import type { Plan } from '../pipeline/session.js';
import { foldList } from '../render/fit.js';
import { plural } from '../core/plural.js';

type Opts = Record<string, unknown>;

const USAGE_HINT = 'pass --usage docker (live containers), --usage FILE (a saved `docker stats --no-stream`) or --usage prometheus=URL';

const list = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Why a run changed nothing where the user may expect a change, one line each with what to pass: no usage facts
 * for memory-limits, usage facts that matched no service (the project name), a `--service` selection that no
 * policy or change covers. Printed by default: a silent "no changes" is read as "nothing to do".
 */
export function noOpExplanations(plan: Plan, o: Opts): string[] {
  const out: string[] = [];
  const memory = plan.transforms.some((t) => t.meta.name === 'memory-limits');
  const composeProjects = plan.project.compose.filter((cp) => !cp.dockerfilesOnly);
  const unchanged = (t: string): boolean => !plan.changes.some((c) => c.transform === t);
  if (memory && composeProjects.length && unchanged('memory-limits')) {
    const noUsage = new Set(plan.findings.filter((f) => f.transform === 'memory-limits' && f.code === 'no-usage').map((f) => f.service));
    const usage = o.usage as string | undefined;
    if (!usage && noUsage.size) {
      out.push(`memory-limits: no usage facts, so ${plural(noUsage.size, 'service')} kept ${noUsage.size === 1 ? 'its limit' : 'their limits'}; ${USAGE_HINT}`);
    } else if (usage && usage !== 'docker' && plan.facts.usage.size === 0 && !plan.facts.ambiguous?.length && !plan.facts.notMeasured?.length) {
      const names = composeProjects.map((cp) => `"${cp.name}"`).join(', ');
      const what = usage.startsWith('prometheus=') ? 'no Prometheus series' : 'no stats row';
      const seen = plan.facts.unmatched.length ? ` (${foldList(plan.facts.unmatched, 60, 'unmatched')})` : '';
      out.push(`memory-limits: ${what} matched a service of compose project ${names}${seen}; pass -p NAME, the project name the containers run under`);
    }
  }
  const services = (o.service as string[] | undefined) ?? [];
  if (services.length && !plan.changes.length) {
    for (const t of plan.transforms) {
      const own = plan.config.policies.filter((p) => p.transform === t.meta.name);
      if (!own.length) continue;
      const selectors = own.map((p) => [...(list(p.options.services) ?? []), ...(list((p.options.when as Record<string, unknown> | undefined)?.service) ?? [])]);
      if (selectors.some((sel) => !sel.length)) continue;
      if (serviceNames(services).some((s) => selectors.some((sel) => matchesGlobs(s, sel)))) continue;
      out.push(`${t.meta.name}: no policy applies to --service ${services.join(', ')} (its policies select ${[...new Set(selectors.flat())].join(', ')})`);
    }
    const others = plan.project.services.filter((s) => !selectedBy(s, services)).length;
    if (others) out.push(`no changes for --service ${services.join(', ')}; ${plural(others, 'other service')} ${others === 1 ? 'was' : 'were'} left out (run without --service to plan them)`);
  }
  return out;
}
