import { execa } from 'execa';
import { mkdtemp, rm, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';

/** Whether something a suite needs is on this machine, and if not, why. */
export interface Availability {
  ok: boolean;
  reason?: string;
}

const SETUP_HINT = 'run `bash scripts/setup-docker.sh` as root';

/** A Docker Engine answers `docker info` and Compose v2 answers `docker compose version`. */
export async function engineAvailable(): Promise<Availability> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 30_000 });
  if (info.failed) return { ok: false, reason: `no Docker Engine: \`docker info\` failed: ${String(info.stderr || info.shortMessage).trim()} (${SETUP_HINT})` };
  const compose = await execa('docker', ['compose', 'version'], { reject: false, timeout: 30_000 });
  if (compose.failed) return { ok: false, reason: `no Compose v2: \`docker compose version\` failed: ${String(compose.stderr || compose.shortMessage).trim()} (${SETUP_HINT})` };
  if (!(await binariesAvailable(['/bin/busybox'])).ok) return { ok: false, reason: `no /bin/busybox (busybox-static; ${SETUP_HINT})` };
  return { ok: true };
}

/** Every program runs `--version` (or exists and is executable for an absolute path without one). */
export async function binariesAvailable(programs: readonly string[]): Promise<Availability> {
  for (const p of programs) {
    const r = await execa(p, ['--version'], { reject: false, timeout: 30_000 });
    if (r.failed && r.exitCode === undefined) return { ok: false, reason: `${p} not found (${r.shortMessage})` };
  }
  return { ok: true };
}

/**
 * Gate a suite on `a`: returns true when the suite must be skipped. Off CI a missing engine skips with a
 * printed reason; with CI=true it never skips: a failing test carrying the reason is registered instead.
 */
export function skipUnless(a: Availability, suite: string): boolean {
  if (a.ok) return false;
  if (process.env.CI === 'true') {
    describe(`${suite} (needs the engine)`, () => {
      it('has what it needs on CI', () => {
        throw new Error(`${suite}: ${a.reason ?? 'unavailable'}; CI=true, so this suite fails instead of skipping`);
      });
    });
  } else {
    console.warn(`skipping ${suite}: ${a.reason ?? 'unavailable'}`);
  }
  return true;
}

/** A fresh compose project name (lowercase, unique per run). */
export function projectName(prefix: string): string {
  return `csx-${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Dockerfile of the tiny base every test image uses: FROM scratch + busybox (nothing can be pulled here). */
export const BUSYBOX_DOCKERFILE = 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n';

/** Make a temp build context holding /bin/busybox and a Dockerfile (BUSYBOX_DOCKERFILE + `extra`). */
export async function makeContext(dir: string, extra = ''): Promise<void> {
  await copyFile('/bin/busybox', join(dir, 'busybox'));
  await writeFile(join(dir, 'Dockerfile'), BUSYBOX_DOCKERFILE + extra);
}

/** A temp folder under the OS temp dir; remove it with `removeDir`. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `composeshift-${prefix}-`));
}

/**
 * A temp busybox build context with `compose.yaml` = `compose`, brought up as project `name` (`up -d --build`);
 * returns the folder. Take it down with `downProject(dir, name, ['compose.yaml'])`, then `removeDir`.
 */
export async function upProject(prefix: string, name: string, compose: string): Promise<string> {
  const dir = await tempDir(prefix);
  await makeContext(dir);
  await writeFile(join(dir, 'compose.yaml'), compose);
  await execa('docker', ['compose', '-p', name, 'up', '-d', '--build'], { cwd: dir, timeout: 240_000 });
  return dir;
}

/** Remove a temp folder (no error when it is gone). */
export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Remove every container, volume and built image of a compose project, by its project label, and say what was left. */
export async function downProject(dir: string, name: string, files: string[] = ['compose.yml']): Promise<void> {
  const args = ['compose', '--project-directory', dir, '-p', name, ...files.flatMap((f) => ['-f', f]), 'down', '--volumes', '--remove-orphans', '--rmi', 'local', '--timeout', '1'];
  await execa('docker', args, { cwd: dir, reject: false, timeout: 120_000 });
  // Whatever compose could not remove (e.g. a project whose file is gone): by id.
  const left = await execa('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${name}`], { reject: false });
  const ids = String(left.stdout ?? '').split('\n').filter((s) => s.trim() !== '');
  if (ids.length > 0) await execa('docker', ['rm', '-f', '-v', ...ids], { reject: false });
}

/** Poll `check` until it returns a value (not undefined), at most `tries` times `delayMs` apart. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, tries = 60, delayMs = 500): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`gave up waiting for ${what} after ${tries} tries${last ? `: ${String(last)}` : ''}`);
}
