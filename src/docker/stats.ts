import { setTimeout as sleep } from 'node:timers/promises';
import { DockerError } from './docker-error.js';
import { projectContainers, type ContainerInfo } from './containers.js';
import { parseJsonLines, run } from './run.js';
import { parseMemUsage } from './sizes.js';

/** Peak memory of one container over N `docker stats` samples. */
export interface StatsSample {
  /** Full container id. */
  containerId: string;
  name: string;
  project: string;
  /** From the `com.docker.compose.service` label; undefined for a container without one. */
  service?: string;
  /** Highest MemUsage seen (docker's "usage minus inactive page cache"), in bytes. */
  peakBytes: number;
  /** Every reading in bytes, in order (a container that stopped mid-way has fewer). */
  readings: number[];
  /** Limit as docker stats reports it (the host's memory when the container has no limit). */
  statsLimitBytes: number;
  /** Highest CPU % seen (100 = one core busy), when docker printed one. */
  peakCpuPercent?: number;
}

/** One line of `docker stats --format '{{json .}}'`, reduced. Undefined for a stopped container (0B / 0B). */
export function parseStatsLine(raw: unknown): { id: string; name: string; usedBytes: number; limitBytes: number; cpuPercent?: number } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const id = typeof r.ID === 'string' ? r.ID : typeof r.Container === 'string' ? r.Container : undefined;
  const mem = typeof r.MemUsage === 'string' ? parseMemUsage(r.MemUsage) : undefined;
  if (id === undefined || mem === undefined) return undefined;
  // docker prints `0B / 0B` for a container that is not running: no reading, not a zero reading.
  if (mem.limitBytes === 0) return undefined;
  const cpu = typeof r.CPUPerc === 'string' ? /^([\d.]+)%$/.exec(r.CPUPerc.trim()) : null;
  return { id, name: typeof r.Name === 'string' ? r.Name : id, ...mem, ...(cpu ? { cpuPercent: Number(cpu[1]) } : {}) };
}

type Reading = { usedBytes: number; limitBytes: number; cpuPercent?: number };

async function readStatsOnce(ids: readonly string[]): Promise<Map<string, Reading>> {
  const cmd = ['docker', 'stats', '--no-stream', '--no-trunc', '--format', '{{json .}}', ...ids];
  const { stdout } = await run(cmd);
  const out = new Map<string, Reading>();
  for (const raw of parseJsonLines(cmd, stdout)) {
    const line = parseStatsLine(raw);
    if (!line) continue;
    // docker prints the id as given or shortened, depending on version: match by prefix.
    const full = ids.find((id) => id.startsWith(line.id) || line.id.startsWith(id));
    if (full !== undefined) out.set(full, line);
  }
  return out;
}

function running(containers: readonly ContainerInfo[]): ContainerInfo[] {
  return containers.filter((c) => c.state === 'running');
}

/**
 * `docker stats --no-stream` sampled `samples` times, `intervalMs` apart, for the running containers of one
 * compose project only (found by the `com.docker.compose.project` label); the peak of the readings counts.
 */
export async function sampleStats(opts: { project: string; samples: number; intervalMs: number; onSample?: (i: number, n: number) => void }): Promise<StatsSample[]> {
  if (!Number.isInteger(opts.samples) || opts.samples < 1) throw new RangeError(`samples must be a positive integer, got ${opts.samples}`);
  let containers = running(await projectContainers(opts.project));
  const readings = new Map<string, number[]>();
  const limits = new Map<string, number>();
  const cpus = new Map<string, number>();
  for (let i = 0; i < opts.samples && containers.length > 0; i++) {
    if (i > 0 && opts.intervalMs > 0) await sleep(opts.intervalMs);
    opts.onSample?.(i + 1, opts.samples);
    let once: Map<string, Reading>;
    try {
      once = await readStatsOnce(containers.map((c) => c.id));
    } catch (err) {
      // A container removed between listing and sampling makes docker stats fail as a whole: list again once.
      if (!(err instanceof DockerError)) throw err;
      containers = running(await projectContainers(opts.project));
      if (containers.length === 0) break;
      once = await readStatsOnce(containers.map((c) => c.id));
    }
    for (const [id, r] of once) {
      readings.set(id, [...(readings.get(id) ?? []), r.usedBytes]);
      limits.set(id, r.limitBytes);
      if (r.cpuPercent !== undefined) cpus.set(id, Math.max(cpus.get(id) ?? 0, r.cpuPercent));
    }
  }
  const byId = new Map(containers.map((c) => [c.id, c]));
  const out: StatsSample[] = [];
  for (const [id, values] of readings) {
    const c = byId.get(id);
    if (!c || values.length === 0) continue;
    out.push({
      containerId: id,
      name: c.name,
      project: c.project ?? opts.project,
      service: c.service,
      peakBytes: Math.max(...values),
      readings: values,
      statsLimitBytes: limits.get(id) ?? 0,
      peakCpuPercent: cpus.get(id),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
