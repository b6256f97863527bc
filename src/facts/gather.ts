import path from 'node:path';
import { UsageError } from '../core/errors.js';
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

/** A live source is async (engine, Prometheus); it is registered by the module that implements it. */
export type LiveSource = (project: Project, spec: string, opts: UsageSource, facts: Facts) => Promise<void>;

const live = new Map<string, LiveSource>();

/** Register a live usage source under a scheme (`docker`, `prometheus`). */
export function registerLiveSource(scheme: string, source: LiveSource): void {
  live.set(scheme, source);
}

/** Gather the facts a run asks for. */
export async function gatherFacts(project: Project, opts: UsageSource): Promise<Facts> {
  const facts = emptyFacts();
  if (!opts.usage) return facts;
  const scheme = opts.usage === 'docker' ? 'docker' : opts.usage.startsWith('prometheus=') ? 'prometheus' : undefined;
  if (scheme) {
    const source = live.get(scheme);
    if (!source) throw new UsageError(`--usage ${scheme} is not available in this build`);
    await source(project, opts.usage, opts, facts);
    return facts;
  }
  usageFromStatsFile(project, path.resolve(opts.cwd, opts.usage), facts);
  return facts;
}
