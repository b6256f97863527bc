import path from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Project } from '../project/model.js';
import { usageFromStatsFile } from './load-usage.js';
import { emptyFacts, type Facts } from './types.js';

/** `prometheus=http://user:pw@host` as printed in messages: the password never is. */
function redactUsage(usage: string): string {
  return usage.replace(/^(prometheus=[a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** Where usage facts come from: a saved docker stats file, the live engine, or Prometheus. */
export interface UsageSource {
  /** `FILE`, `docker`, or `prometheus=URL`. */
  usage?: string;
  samples?: number;
  intervalMs?: number;
  window?: string;
  /** Prometheus label names of the compose project and service (default: cAdvisor's compose labels). */
  projectLabel?: string;
  serviceLabel?: string;
  cwd: string;
  /** Read installed Python metadata from the built services' images (`--image-metadata`; also with `--usage docker`). */
  imageMetadata?: boolean;
  /** With `imageMetadata`: only these services (compose names); empty: all. */
  services?: readonly string[];
  /** What a long step is doing now (`sample 2/5`), for live progress on a TTY; never part of the facts. */
  progress?: (detail: string) => void;
}

/**
 * Gather the facts a run asks for (live sources are loaded only when asked for). An engine or Prometheus that
 * cannot be asked is a `UsageError` quoting the source's own message (exit 2), not a crash.
 */
export async function gatherFacts(project: Project, opts: UsageSource): Promise<Facts> {
  try {
    const facts = await gather(project, opts);
    if (opts.imageMetadata) {
      const { imageMetadataFacts } = await import('./image-metadata.js');
      facts.imageMetadata = await imageMetadataFacts(project, opts.services ?? []).catch((err: unknown) => {
        throw err instanceof Error && err.name === 'DockerError' ? new UsageError(`--image-metadata: ${err.message}`) : err;
      });
    }
    return facts;
  } catch (err) {
    // By name: DockerError and PrometheusError live in modules loaded only when their source is asked for.
    const name = err instanceof Error ? err.name : '';
    if (name === 'DockerError' || name === 'PrometheusError') throw new UsageError(`--usage ${redactUsage(opts.usage ?? '')}: ${(err as Error).message}`);
    throw err;
  }
}

async function gather(project: Project, opts: UsageSource): Promise<Facts> {
  const facts = emptyFacts();
  if (!opts.usage) return facts;
  if (opts.usage === 'docker') {
    const { liveUsageFacts } = await import('./docker-live.js');
    for (const cp of project.compose) {
      const imageNames: Record<string, string> = {};
      for (const s of project.services) if (s.project === cp && s.image) imageNames[s.name] = s.image;
      const progress = opts.progress;
      const onSample = progress && ((i: number, n: number) => progress(`docker stats ${cp.name}: sample ${i}/${n}`));
      const r = await liveUsageFacts({ projectName: cp.name, services: [...cp.services.keys()], samples: opts.samples ?? 1, intervalMs: opts.intervalMs ?? 0, imageNames, onSample });
      for (const u of r.usage) facts.usage.set(u.service, u);
      for (const i of r.images) facts.images.set(i.service, i);
      facts.unmatched.push(...r.unmatched);
      facts.missing.push(...r.missing.map((m) => `${cp.name}/${m}`));
      if (r.limitConflicts) facts.limitConflicts = [...(facts.limitConflicts ?? []), ...r.limitConflicts];
    }
    // After the containers: an engine that cannot be reached is named by the first command a user knows (`docker ps`).
    const { engineInfo } = await import('../docker/engine-info.js');
    const info = await engineInfo();
    facts.engine = { cpus: info.cpus, memoryBytes: info.memoryBytes, source: 'docker info' };
    return facts;
  }
  if (opts.usage.startsWith('prometheus=')) {
    const { prometheusUsageFacts } = await import('./prometheus.js');
    const url = opts.usage.slice('prometheus='.length);
    for (const cp of project.compose) {
      const r = await prometheusUsageFacts({ url, window: opts.window, projectLabel: opts.projectLabel, serviceLabel: opts.serviceLabel, projectName: cp.name, services: [...cp.services.keys()] });
      for (const u of r.usage) facts.usage.set(u.service, u);
      facts.unmatched.push(...r.unmatched);
      // As with docker: a service Prometheus has no series for (or only a value that measures nothing) is named.
      const bad = r.notMeasured ?? [];
      for (const name of cp.services.keys()) {
        const key = `${cp.name}/${name}`;
        if (!facts.usage.has(key) && !bad.some((b) => b.startsWith(`${key} `))) facts.missing.push(key);
      }
      facts.missing.push(...bad);
      if (r.limitConflicts) facts.limitConflicts = [...(facts.limitConflicts ?? []), ...r.limitConflicts];
    }
    return facts;
  }
  usageFromStatsFile(project, path.resolve(opts.cwd, opts.usage), facts);
  return facts;
}
