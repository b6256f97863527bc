import { describe, expect, it } from 'vitest';
import { DockerError, parseJsonLines, run } from '../../src/docker/index.js';

// Real processes (no docker needed): the error contract of every docker call.
describe('run', () => {
  it('resolves with stdout and stderr', async () => {
    expect(await run(['sh', '-c', 'echo out; echo err >&2'])).toEqual({ stdout: 'out', stderr: 'err' });
  });
  it('quotes the command and its stderr on failure', async () => {
    const err = await run(['sh', '-c', 'echo boom >&2; exit 4']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockerError);
    expect((err as DockerError).message).toBe("`sh -c 'echo boom >&2; exit 4'` failed (exit 4):\nboom");
    expect((err as DockerError).exitCode).toBe(4);
    expect((err as DockerError).stderr).toBe('boom');
  });
  it('says when the program does not exist', async () => {
    await expect(run(['composeshift-no-such-program', 'x'])).rejects.toThrow(/^`composeshift-no-such-program x` could not be started: .*ENOENT/);
  });
  it('says when the command timed out', async () => {
    const err = (await run(['sleep', '30'], { timeoutMs: 300 }).catch((e: unknown) => e)) as DockerError;
    expect(err.message).toBe('`sleep 30` timed out after 300 ms');
    expect(err.timedOut).toBe(true);
  });
});

describe('parseJsonLines', () => {
  it('reads one value per line and skips blank lines', () => {
    expect(parseJsonLines(['x'], '{"a":1}\n\n{"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });
  it('names the command when a line is not JSON', () => {
    expect(() => parseJsonLines(['docker', 'ps'], '{"a":1}\nWARNING: oops\n')).toThrow('`docker ps` printed a line that is not JSON: WARNING: oops');
  });
});
