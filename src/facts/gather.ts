import path from 'node:path';
import type { Project } from '../project/model.js';
import { usageFromStatsFile } from './load-usage.js';
import { emptyFacts, type Facts } from './types.js';

/** Where usage facts come from: a saved docker stats file, the live engine, or Prometheus. */
export interface UsageSource {
  /** `FILE`, `docker`, or `prometheus=URL`. */
  usage?: string;
  samples?: number;
  intervalMs?: number;
  window?: string;
  cwd: string;
}

/** Gather the facts a run asks for (live sources are loaded only when asked for). */
export async function gatherFacts(project: Project, opts: UsageSource): Promise<Facts> {
  const facts = emptyFacts();
  if (!opts.usage) return facts;
  if (opts.usage === 'docker') {
    const { liveUsageFacts } = await import('./docker-live.js');
    for (const cp of project.compose) {
      const imageNames: Record<string, string> = {};
      for (const s of project.services) if (s.project === cp && s.image) imageNames[s.name] = s.image;
      const r = await liveUsageFacts({ projectName: cp.name, services: [...cp.services.keys()], samples: opts.samples ?? 1, intervalMs: opts.intervalMs ?? 0, imageNames });
      for (const u of r.usage) facts.usage.set(u.service, u);
      for (const i of r.images) facts.images.set(i.service, i);
      facts.unmatched.push(...r.unmatched);
    }
    return facts;
  }
  if (opts.usage.startsWith('prometheus=')) {
    const { prometheusUsageFacts } = await import('./prometheus.js');
    const url = opts.usage.slice('prometheus='.length);
    for (const cp of project.compose) {
      const r = await prometheusUsageFacts({ url, window: opts.window, projectName: cp.name, services: [...cp.services.keys()] });
      for (const u of r.usage) facts.usage.set(u.service, u);
      facts.unmatched.push(...r.unmatched);
    }
    return facts;
  }
  usageFromStatsFile(project, path.resolve(opts.cwd, opts.usage), facts);
  return facts;
}
