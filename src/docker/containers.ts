import { DockerError } from './docker-error.js';
import { run } from './run.js';

/** Compose's own labels on every container it creates (v1 and v2 alike). */
export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';

/** What `docker inspect` says about one container, reduced to what facts need. */
export interface ContainerInfo {
  id: string;
  /** Name without the leading slash. */
  name: string;
  project?: string;
  service?: string;
  /** `running`, `exited`, `restarting`, … */
  state: string;
  /** `healthy`, `unhealthy`, `starting`, or undefined when the container has no health check. */
  health?: string;
  oomKilled: boolean;
  restartCount: number;
  exitCode: number;
  /** Host pid of the container's first process; 0 when it is not running. */
  pid: number;
  /** `HostConfig.Memory` in bytes; undefined when the container runs without a limit (0). */
  memoryLimitBytes?: number;
  /** Image id (`sha256:…`) the container runs. */
  imageId: string;
  /** Image name as configured (`Config.Image`). */
  imageName: string;
}

interface RawInspect {
  Id?: string;
  Name?: string;
  Image?: string;
  RestartCount?: number;
  State?: { Status?: string; OOMKilled?: boolean; Pid?: number; ExitCode?: number; Health?: { Status?: string } };
  HostConfig?: { Memory?: number };
  Config?: { Image?: string; Labels?: Record<string, string> | null };
}

/** Reduce one element of `docker inspect`'s JSON array. */
export function toContainerInfo(raw: RawInspect): ContainerInfo {
  const labels = raw.Config?.Labels ?? {};
  const memory = raw.HostConfig?.Memory ?? 0;
  return {
    id: raw.Id ?? '',
    name: (raw.Name ?? '').replace(/^\//, ''),
    project: labels[PROJECT_LABEL],
    service: labels[SERVICE_LABEL],
    state: raw.State?.Status ?? 'unknown',
    health: raw.State?.Health?.Status,
    oomKilled: raw.State?.OOMKilled === true,
    restartCount: raw.RestartCount ?? 0,
    exitCode: raw.State?.ExitCode ?? 0,
    pid: raw.State?.Pid ?? 0,
    memoryLimitBytes: memory > 0 ? memory : undefined,
    imageId: raw.Image ?? '',
    imageName: raw.Config?.Image ?? '',
  };
}

/** `docker inspect` of containers by id or name (none → empty list). */
export async function inspectContainers(ids: readonly string[]): Promise<ContainerInfo[]> {
  if (ids.length === 0) return [];
  const cmd = ['docker', 'container', 'inspect', ...ids];
  const { stdout } = await run(cmd);
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    throw new DockerError(`\`docker container inspect\` printed something that is not JSON`, cmd, '', stdout);
  }
  if (!Array.isArray(raw)) throw new DockerError('`docker container inspect` did not print a JSON array', cmd, '', stdout);
  return (raw as RawInspect[]).map(toContainerInfo);
}

/** Ids of every container (running or not) that compose created for `project`, by its project label. */
export async function projectContainerIds(project: string): Promise<string[]> {
  const { stdout } = await run(['docker', 'ps', '--all', '--no-trunc', '--filter', `label=${PROJECT_LABEL}=${project}`, '--format', '{{.ID}}']);
  return stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

/** Every container of a compose project, inspected. */
export async function projectContainers(project: string): Promise<ContainerInfo[]> {
  return inspectContainers(await projectContainerIds(project));
}
