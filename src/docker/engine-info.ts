import { DockerError } from './docker-error.js';
import { run } from './run.js';

/** What `docker info` says about the engine's host: the bounds a container limit must stay within. */
export interface EngineInfo {
  /** CPUs the engine can give a container (`NCPU`); a `cpus` limit above it is refused by the engine. */
  cpus: number;
  /** Memory of the engine's host in bytes (`MemTotal`). */
  memoryBytes: number;
  serverVersion?: string;
}

/** `docker info` of the engine the CLI talks to (local or `DOCKER_HOST`). */
export async function engineInfo(): Promise<EngineInfo> {
  const cmd = ['docker', 'info', '--format', '{{json .}}'];
  const { stdout } = await run(cmd);
  let raw: { NCPU?: unknown; MemTotal?: unknown; ServerVersion?: unknown };
  try {
    raw = JSON.parse(stdout) as typeof raw;
  } catch {
    throw new DockerError('`docker info` printed something that is not JSON', cmd, '', stdout);
  }
  const cpus = raw.NCPU;
  const memoryBytes = raw.MemTotal;
  if (typeof cpus !== 'number' || !(cpus > 0) || typeof memoryBytes !== 'number' || !(memoryBytes > 0)) {
    throw new DockerError('`docker info` did not say NCPU and MemTotal', cmd, '', stdout);
  }
  return { cpus, memoryBytes, ...(typeof raw.ServerVersion === 'string' ? { serverVersion: raw.ServerVersion } : {}) };
}
