import { DockerError } from './docker-error.js';
import { run } from './run.js';

/** How to call Compose on this machine. */
export type ComposeCommand = { kind: 'v2'; cmd: ['docker', 'compose'] } | { kind: 'v1'; cmd: ['docker-compose'] };

/** Compose v2 when `docker compose version` works, else v1 (`docker-compose`), else one `DockerError` naming both tries. */
export async function detectCompose(): Promise<ComposeCommand> {
  let v2Failure: string;
  try {
    await run(['docker', 'compose', 'version'], { timeoutMs: 20_000 });
    return { kind: 'v2', cmd: ['docker', 'compose'] };
  } catch (err) {
    v2Failure = err instanceof Error ? err.message : String(err);
  }
  try {
    await run(['docker-compose', 'version'], { timeoutMs: 20_000 });
    return { kind: 'v1', cmd: ['docker-compose'] };
  } catch (err) {
    const v1Failure = err instanceof Error ? err.message : String(err);
    throw new DockerError(
      `Docker Compose not found (install the Compose v2 plugin, e.g. scripts/setup-docker.sh):\n` +
        `- ${v2Failure}\n- ${v1Failure}`,
      ['docker', 'compose', 'version'],
    );
  }
}
