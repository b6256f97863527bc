import { detectCompose, type ComposeCommand } from './detect-compose.js';
import { DockerError, formatCommand, tail } from './docker-error.js';
import { failingStep } from './build-output.js';
import { run } from './run.js';

/** Options shared by compose actions. */
export interface ComposeActionOptions {
  /** How to call compose; detected (`detectCompose`) when absent. */
  compose?: ComposeCommand;
  timeoutMs?: number;
  /** Each output line as it arrives (builds: BuildKit's plain progress, see build-output.ts `BuildSteps`). */
  onLine?: (line: string) => void;
}

/** A build that failed; `failedStep` holds the failing step's output when the log names one. */
export class BuildError extends DockerError {
  override readonly name: string = 'BuildError';
  failedStep?: string;
}

const BUILD_TIMEOUT_MS = 30 * 60_000;
const UP_TIMEOUT_MS = 10 * 60_000;

/** `<compose> --project-directory DIR -p NAME -f F1 -f F2 …` (v2 also gets plain progress: readable errors). */
export function composeBase(compose: ComposeCommand, files: readonly string[], projectDir: string, projectName: string): string[] {
  const base: string[] = [...compose.cmd, '--project-directory', projectDir, '-p', projectName];
  for (const f of files) base.push('-f', f);
  if (compose.kind === 'v2') base.push('--progress', 'plain');
  return base;
}

function output(r: { stdout: string; stderr: string }): string {
  return [r.stdout, r.stderr].filter((s) => s !== '').join('\n');
}

/**
 * `compose build SERVICES…` (an empty list builds every service, as compose does). Resolves with the build's
 * output; rejects with a `BuildError` whose message holds the failing step's output.
 */
export async function composeBuild(
  files: string[],
  projectDir: string,
  projectName: string,
  services: string[],
  opts: ComposeActionOptions = {},
): Promise<string> {
  const compose = opts.compose ?? (await detectCompose());
  const cmd = [...composeBase(compose, files, projectDir, projectName), 'build', ...services];
  try {
    return output(await run(cmd, { cwd: projectDir, timeoutMs: opts.timeoutMs ?? BUILD_TIMEOUT_MS, env: { BUILDKIT_PROGRESS: 'plain' }, onLine: opts.onLine }));
  } catch (err) {
    if (!(err instanceof DockerError)) throw err;
    const log = `${err.stdout}\n${err.stderr}`;
    const step = failingStep(log);
    const why = err.timedOut ? 'timed out' : `failed (exit ${err.exitCode ?? '?'})`;
    const message =
      `\`${formatCommand(cmd)}\` ${why}` +
      (step ? `; failing step:\n${step}` : '') +
      `\n--- end of output ---\n${tail(log, step ? 2000 : 6000)}`;
    const e = new BuildError(message, cmd, err.stderr, err.stdout, err.exitCode, err.timedOut);
    e.failedStep = step;
    throw e;
  }
}

/** `compose up -d --no-deps SERVICES…`: (re)creates only the named services; resolves with compose's output. */
export async function composeUp(
  files: string[],
  projectDir: string,
  projectName: string,
  services: string[],
  opts: ComposeActionOptions = {},
): Promise<string> {
  const compose = opts.compose ?? (await detectCompose());
  const cmd = [...composeBase(compose, files, projectDir, projectName), 'up', '-d', '--no-deps', ...services];
  return output(await run(cmd, { cwd: projectDir, timeoutMs: opts.timeoutMs ?? UP_TIMEOUT_MS }));
}

/** `compose down --volumes --remove-orphans [--rmi local]`: removes the project's containers, volumes, built images. */
export async function composeDown(
  files: string[],
  projectDir: string,
  projectName: string,
  opts: ComposeActionOptions & { removeLocalImages?: boolean } = {},
): Promise<string> {
  const compose = opts.compose ?? (await detectCompose());
  const cmd = [...composeBase(compose, files, projectDir, projectName), 'down', '--volumes', '--remove-orphans'];
  if (opts.removeLocalImages ?? true) cmd.push('--rmi', 'local');
  return output(await run(cmd, { cwd: projectDir, timeoutMs: opts.timeoutMs ?? UP_TIMEOUT_MS }));
}

/**
 * `docker stack deploy -c FILE NAME` (swarm mode). Needs a swarm manager: on a node that is not one, docker
 * refuses and this rejects with that message. Not exercised end to end in the tests (see report).
 */
export async function stackDeploy(file: string, name: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  const cmd = ['docker', 'stack', 'deploy', '-c', file, name];
  return output(await run(cmd, { timeoutMs: opts.timeoutMs ?? UP_TIMEOUT_MS }));
}
