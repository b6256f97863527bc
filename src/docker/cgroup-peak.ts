import { readFile } from 'node:fs/promises';
import { run } from './run.js';

/** The kernel's recorded memory peak of one container. */
export interface CgroupPeak {
  bytes: number;
  /** `cgroup memory.max_usage_in_bytes` (v1) or `cgroup memory.peak` (v2). */
  source: string;
  /**
   * Page cache the cgroup holds now (memory.stat `total_inactive_file` v1, `inactive_file` v2); undefined when
   * memory.stat could not be read. The peak counts page cache, which docker stats leaves out and the kernel reclaims
   * before an OOM kill; how much of the peak was cache is not recorded anywhere, so with cache now the working
   * set's peak is only known to lie between the sampled usage and this peak.
   */
  cacheBytes?: number;
  /** Read from the host's cgroup folder, or through `docker exec` inside the container. */
  via: 'host' | 'exec';
}

const V1_FILE = 'memory.max_usage_in_bytes';
const V2_FILE = 'memory.peak';

/**
 * Where the peak file of a container lives on the host, from its first process's `/proc/<pid>/cgroup`.
 * v1: the line whose controllers include `memory`; v2: the `0::` line. The path must name the container id,
 * so a pid from another machine (a remote DOCKER_HOST) or a reused pid is never read.
 */
export function cgroupPeakFile(
  procCgroup: string,
  containerId: string,
  root = '/sys/fs/cgroup',
): { file: string; source: string } | undefined {
  let v2Path: string | undefined;
  for (const line of procCgroup.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const controllers = (m[2] ?? '').split(',');
    const path = m[3] ?? '';
    if (controllers.includes('memory')) {
      if (!path.includes(containerId)) return undefined;
      return { file: `${root}/memory${path}/${V1_FILE}`, source: `cgroup ${V1_FILE}` };
    }
    if (m[1] === '0' && m[2] === '') v2Path = path;
  }
  if (v2Path === undefined || !v2Path.includes(containerId)) return undefined;
  return { file: `${root}${v2Path}/${V2_FILE}`, source: `cgroup ${V2_FILE}` };
}

function parseBytes(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** The peak and the page cache now (undefined when memory.stat has no such line). */
function peakWithCache(peakText: string, statText: string | undefined, source: string): { bytes: number; source: string; cacheBytes?: number } | undefined {
  const peak = parseBytes(peakText);
  if (peak === undefined) return undefined;
  const key = source.endsWith(V1_FILE) ? 'total_inactive_file' : 'inactive_file';
  const m = statText === undefined ? null : new RegExp(`^${key} (\\d+)$`, 'm').exec(statText);
  return { bytes: peak, source, ...(m ? { cacheBytes: Number(m[1]) } : {}) };
}

/** Read the peak from the host's cgroup folder; undefined when the container's cgroup is not visible here. */
export async function readHostCgroupPeak(container: { id: string; pid: number }): Promise<CgroupPeak | undefined> {
  if (container.pid <= 0 || container.id === '') return undefined;
  let procCgroup: string;
  try {
    procCgroup = await readFile(`/proc/${container.pid}/cgroup`, 'utf8');
  } catch {
    return undefined;
  }
  const where = cgroupPeakFile(procCgroup, container.id);
  if (!where) return undefined;
  try {
    const stat = await readFile(where.file.replace(/[^/]+$/, 'memory.stat'), 'utf8').catch(() => undefined);
    const p = peakWithCache(await readFile(where.file, 'utf8'), stat, where.source);
    return p && { ...p, via: 'host' };
  } catch {
    return undefined;
  }
}

/** Read the peak inside the container (`docker exec ID cat …`); needs `cat` in the image. */
export async function readExecCgroupPeak(containerId: string): Promise<CgroupPeak | undefined> {
  const candidates: Array<[string, string]> = [
    [`/sys/fs/cgroup/memory/${V1_FILE}`, `cgroup ${V1_FILE}`],
    [`/sys/fs/cgroup/${V2_FILE}`, `cgroup ${V2_FILE}`],
  ];
  for (const [file, source] of candidates) {
    try {
      const { stdout } = await run(['docker', 'exec', containerId, 'cat', file], { timeoutMs: 20_000 });
      const stat = await run(['docker', 'exec', containerId, 'cat', file.replace(/[^/]+$/, 'memory.stat')], { timeoutMs: 20_000 }).then((r) => r.stdout, () => undefined);
      const p = peakWithCache(stdout, stat, source);
      if (p) return { ...p, via: 'exec' };
    } catch {
      // Not this cgroup version, or no `cat` in the image: try the next file.
    }
  }
  return undefined;
}

/** The kernel's recorded peak of a running container: host cgroup folder first, `docker exec` as fallback. */
export async function readCgroupPeak(container: { id: string; pid: number }): Promise<CgroupPeak | undefined> {
  return (await readHostCgroupPeak(container)) ?? (container.pid > 0 ? await readExecCgroupPeak(container.id) : undefined);
}
