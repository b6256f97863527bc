/** Render an argument array the way a person would type it (for messages only; never executed). */
export function formatCommand(cmd: readonly string[]): string {
  return cmd.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Keep the end of long output: the failing part of a build or a daemon error is at the end. */
export function tail(text: string, maxChars = 6000): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= maxChars ? trimmed : `…${trimmed.slice(trimmed.length - maxChars)}`;
}

/**
 * A docker / compose command failed, timed out or printed something unreadable. The message quotes the
 * command and the end of its stderr, so a report can show it as it is.
 */
export class DockerError extends Error {
  override readonly name: string = 'DockerError';
  constructor(
    message: string,
    readonly command: readonly string[],
    readonly stderr = '',
    readonly stdout = '',
    readonly exitCode?: number,
    readonly timedOut = false,
  ) {
    super(message);
  }

  /** The error for a finished process that failed. */
  static fromResult(
    command: readonly string[],
    r: { stdout: string; stderr: string; exitCode?: number; timedOut?: boolean; failedToSpawn?: string },
    timeoutMs?: number,
  ): DockerError {
    const why = r.failedToSpawn
      ? `could not be started: ${r.failedToSpawn}`
      : r.timedOut
        ? `timed out after ${timeoutMs ?? '?'} ms`
        : `failed (exit ${r.exitCode ?? '?'})`;
    const output = tail(r.stderr) || tail(r.stdout);
    const message = `\`${formatCommand(command)}\` ${why}${output ? `:\n${output}` : ''}`;
    return new DockerError(message, command, r.stderr, r.stdout, r.exitCode, r.timedOut ?? false);
  }
}
