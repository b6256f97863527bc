import { readCgroupPeak } from '../docker/cgroup-peak.js';
import { projectContainers, type ContainerInfo } from '../docker/containers.js';
import { inspectImages } from '../docker/images.js';
import { sampleStats } from '../docker/stats.js';
import type { ImageFact, PeakWithCache, UsageFact } from './types.js';

/** Options of `liveUsageFacts`. */
export interface LiveUsageOptions {
  /** Compose project name (the `com.docker.compose.project` label). */
  projectName: string;
  /** Service names of the compose project; containers of other services are listed as unmatched. */
  services: string[];
  samples: number;
  intervalMs: number;
  /** Image name per service when the compose file sets `image:`; else compose's default names are tried. */
  imageNames?: Record<string, string>;
  /** Called before each `docker stats` sample (1-based), for live progress. */
  onSample?: (i: number, n: number) => void;
}

/** Facts measured on the running engine. */
export interface LiveUsageResult {
  usage: UsageFact[];
  images: ImageFact[];
  /** Containers of the project whose service is not in `services` (or that carry no service label). */
  unmatched: string[];
  /** Services of `services` with no measurement (no container, or stopped without an OOM kill). */
  missing: string[];
  /** Services whose replicas run with different memory limits (`web: 256M, 512M`): no limit is used for them. */
  limitConflicts?: string[];
}

interface Measured {
  container: ContainerInfo;
  usageBytes: number;
  source: string;
  peakWithCache?: PeakWithCache;
  cpuPercent?: number;
  samples?: number;
}

function measure(c: ContainerInfo, sampled: { peakBytes: number; count: number } | undefined, peak: { bytes: number; source: string; cacheBytes?: number } | undefined): Measured | undefined {
  let best: Pick<Measured, 'usageBytes' | 'source' | 'peakWithCache'> | undefined;
  if (sampled) best = { usageBytes: sampled.peakBytes, source: `docker stats (${sampled.count} sample${sampled.count === 1 ? '' : 's'})` };
  if (peak && (!best || peak.bytes > best.usageBytes)) {
    // The kernel's peak counts page cache; with none now it is the working set's peak. With cache now (or no
    // memory.stat), how much of the peak was cache is not recorded: the sampled usage stays the measurement and the
    // peak goes with it as an upper bound (memory-limits changes nothing where the two would decide differently).
    if (peak.cacheBytes === 0 || !best) best = { usageBytes: peak.bytes, source: peak.source };
    else best.peakWithCache = { bytes: peak.bytes, source: peak.source, ...(peak.cacheBytes !== undefined ? { cacheBytes: peak.cacheBytes } : {}) };
  }
  // The kernel killed it for reaching its limit: usage reached the limit, whatever was sampled since.
  if (c.oomKilled && c.memoryLimitBytes !== undefined && (!best || c.memoryLimitBytes > best.usageBytes)) {
    best = { usageBytes: c.memoryLimitBytes, source: 'docker inspect State.OOMKilled (reached its limit)' };
  }
  return best ? { container: c, ...best } : undefined;
}

/**
 * Usage and image facts of one compose project on the local engine: `docker stats` peaks over `samples`
 * samples, raised to the cgroup's recorded peak when that is higher; OOM kills, restarts and limits from
 * `docker inspect`; image sizes from `docker image inspect`. Service keys are `<project>/<service>`.
 */
export async function liveUsageFacts(opts: LiveUsageOptions): Promise<LiveUsageResult> {
  const wanted = new Set(opts.services);
  const containers = await projectContainers(opts.projectName);
  const stats = await sampleStats({ project: opts.projectName, samples: opts.samples, intervalMs: opts.intervalMs, onSample: opts.onSample });
  const statsById = new Map(stats.map((s) => [s.containerId, s]));

  const unmatched: string[] = [];
  const perService = new Map<string, Measured[]>();
  for (const c of containers) {
    if (c.service === undefined || !wanted.has(c.service)) {
      unmatched.push(`${c.name} (service ${c.service ?? '<no label>'})`);
      continue;
    }
    const s = statsById.get(c.id);
    const peak = c.state === 'running' ? await readCgroupPeak(c) : undefined;
    const m = measure(c, s && { peakBytes: s.peakBytes, count: s.readings.length }, peak);
    if (m && s) Object.assign(m, { cpuPercent: s.peakCpuPercent, samples: s.readings.length });
    if (m) perService.set(c.service, [...(perService.get(c.service) ?? []), m]);
  }

  const usage: UsageFact[] = [];
  const missing: string[] = [];
  const limitConflicts: string[] = [];
  for (const service of opts.services) {
    const all = perService.get(service);
    if (!all || all.length === 0) {
      // A container that exists but was not running is no measurement, and not a wrong project name: say which.
      const idle = containers.filter((c) => c.service === service).map((c) => `${c.name} ${c.state}`);
      missing.push(idle.length ? `${service} (${idle.join(', ')}: not measured)` : service);
      continue;
    }
    // Replicas of one service share one fact: the highest usage, any OOM kill, all restarts.
    const top = all.reduce((a, b) => (b.usageBytes > a.usageBytes ? b : a));
    // Replicas started at different times can run with different limits (or none): which one counts is not told.
    const seen = [...new Set(all.map((m) => m.container.memoryLimitBytes))];
    if (seen.length > 1) limitConflicts.push(`${opts.projectName}/${service} (${all.map((m) => `${m.container.name} ${m.container.memoryLimitBytes ?? 'no limit'}`).join(', ')}; docker inspect HostConfig.Memory)`);
    const limits = seen.length === 1 && seen[0] !== undefined ? [seen[0]] : [];
    const busiest = all.filter((m) => m.cpuPercent !== undefined).reduce<Measured | undefined>((a, b) => (!a || b.cpuPercent! > a.cpuPercent! ? b : a), undefined);
    usage.push({
      service: `${opts.projectName}/${service}`,
      container: top.container.name,
      usageBytes: top.usageBytes,
      limitBytes: limits.length > 0 ? Math.max(...limits) : undefined,
      source: top.source,
      ...(top.peakWithCache ? { peakWithCache: top.peakWithCache } : {}),
      oomKilled: all.some((m) => m.container.oomKilled),
      restartCount: all.reduce((n, m) => n + m.container.restartCount, 0),
      ...(busiest ? { cpuPercent: busiest.cpuPercent, cpuSource: `docker stats CPU % of ${busiest.container.name} (${busiest.samples} sample${busiest.samples === 1 ? '' : 's'})` } : {}),
    });
  }

  return { usage, images: await imageFacts(opts, containers), unmatched, missing, ...(limitConflicts.length ? { limitConflicts } : {}) };
}

async function imageFacts(opts: LiveUsageOptions, containers: readonly ContainerInfo[]): Promise<ImageFact[]> {
  const refs = new Map<string, string[]>();
  for (const service of opts.services) {
    const c = containers.find((x) => x.service === service && x.imageId !== '');
    const explicit = opts.imageNames?.[service];
    // v2 names built images `<project>-<service>`, v1 `<project>_<service>`.
    refs.set(service, c ? [c.imageId] : explicit ? [explicit] : [`${opts.projectName}-${service}`, `${opts.projectName}_${service}`]);
  }
  const found = await inspectImages([...refs.values()].flat());
  const out: ImageFact[] = [];
  for (const [service, candidates] of refs) {
    const ref = candidates.find((r) => found.has(r));
    const info = ref === undefined ? undefined : found.get(ref);
    if (!info) continue;
    const c = containers.find((x) => x.service === service);
    // Name the image as the compose file does when that name is one of its tags; an image id has many names.
    const named = c?.imageName ?? opts.imageNames?.[service];
    const tag = info.tags.find((t) => named !== undefined && (t === named || t === `${named}:latest`));
    out.push({
      service: `${opts.projectName}/${service}`,
      image: tag ?? info.tags[0] ?? named ?? info.id,
      sizeBytes: info.sizeBytes,
      source: 'docker image inspect',
    });
  }
  return out;
}
