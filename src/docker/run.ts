import { execa } from 'execa';
import { DockerError, formatCommand } from './docker-error.js';

/** Default time limit of one docker call that is not a build. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Each output line (stdout and stderr) as it arrives, for live progress; the output is still collected. */
  onLine?: (line: string) => void;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Run `cmd` (argument array, no shell); resolve with its output, reject with a `DockerError` quoting it. */
export async function run(cmd: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = cmd;
  if (file === undefined) throw new DockerError('empty command', cmd);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const onLine = opts.onLine;
  // execa's line transform: the line is seen, then passed on unchanged to the collected output.
  const tap = onLine
    ? function* (line: unknown) {
        onLine(String(line));
        yield line;
      }
    : undefined;
  const r = await execa(file, args, {
    ...(tap ? { stdout: tap, stderr: tap } : {}),
    cwd: opts.cwd,
    timeout: timeoutMs,
    reject: false,
    stdin: 'ignore',
    env: opts.env,
  });
  const stdout = String(r.stdout ?? '');
  const stderr = String(r.stderr ?? '');
  if (r.failed) {
    // No exit code and no timeout: the program never ran (not installed, not executable).
    const neverRan = r.exitCode === undefined && !r.timedOut;
    const failedToSpawn = neverRan ? (r.cause instanceof Error ? r.cause.message : r.shortMessage) : undefined;
    throw DockerError.fromResult(cmd, { stdout, stderr, exitCode: r.exitCode, timedOut: r.timedOut, failedToSpawn }, timeoutMs);
  }
  return { stdout, stderr };
}

/** Parse output that is one JSON value per line (`--format '{{json .}}'`), naming the command on failure. */
export function parseJsonLines(cmd: readonly string[], stdout: string): unknown[] {
  const out: unknown[] = [];
  for (const line of stdout.split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    try {
      out.push(JSON.parse(text));
    } catch {
      throw new DockerError(`\`${formatCommand(cmd)}\` printed a line that is not JSON: ${text.slice(0, 200)}`, cmd, '', stdout);
    }
  }
  return out;
}
