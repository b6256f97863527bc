import { DockerError } from './docker-error.js';
import { run } from './run.js';

/** How to call Compose on this machine. */
export type ComposeCommand = ({ kind: 'v2'; cmd: ['docker', 'compose'] } | { kind: 'v1'; cmd: ['docker-compose'] }) & {
  /** `version --short` as Compose prints it ("2.26.1-4", "1.29.2"); compared with semver by compose/version-gates.ts. */
  version?: string;
};

/** Compose v2 when `docker compose version` works, else v1 (`docker-compose`), with its version; else one `DockerError` naming both tries. */
export async function detectCompose(): Promise<ComposeCommand> {
  let v2Failure: string;
  try {
    const r = await run(['docker', 'compose', 'version', '--short'], { timeoutMs: 20_000 });
    return { kind: 'v2', cmd: ['docker', 'compose'], ...versionOf(r.stdout) };
  } catch (err) {
    v2Failure = err instanceof Error ? err.message : String(err);
  }
  try {
    const r = await run(['docker-compose', 'version', '--short'], { timeoutMs: 20_000 });
    return { kind: 'v1', cmd: ['docker-compose'], ...versionOf(r.stdout) };
  } catch (err) {
    const v1Failure = err instanceof Error ? err.message : String(err);
    throw new DockerError(
      `Docker Compose not found (install the Compose v2 plugin, e.g. scripts/setup-docker.sh):\n` +
        `- ${v2Failure}\n- ${v1Failure}`,
      ['docker', 'compose', 'version'],
    );
  }
}

function versionOf(stdout: string): { version?: string } {
  const v = stdout.trim().split('\n')[0]?.trim();
  return v ? { version: v.replace(/^v/, '') } : {};
}
