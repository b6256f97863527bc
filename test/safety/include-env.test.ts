import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG, cleanTemps, cli, tempDir, writeTree } from './project.js';

// An `include:`d file is interpolated by compose with its include's env_file, else the .env of its
// project_directory (the included file's folder), under the project's own variables, which win (red-team round 2).
// composeshift read only the project's .env: `mem_limit: ${M:-64M}` in inc/base.yaml with M=256M in inc/.env was
// decided on as 64M ("usage 100M = 156% of 64M") and the default edited to 192M, which compose never uses.
// Each case is checked against the real `docker compose config` first.

afterAll(cleanTemps);

const BASE = 'services:\n  app:\n    image: busybox\n    mem_limit: ${M:-64M}\n';
const STATS = 'NAME   MEM USAGE / LIMIT\nrt2i-app-1   100MiB / 0B\n';

function project(compose: string, extra: Record<string, string>): string {
  const dir = tempDir();
  writeTree(dir, { 'compose.yaml': compose, 'inc/base.yaml': BASE, 'composeshift.config.yaml': CONFIG, 'stats.txt': STATS, ...extra });
  return dir;
}

/** The memory limit `docker compose config` resolves for app, in bytes. */
async function composeLimit(dir: string): Promise<number> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'M'));
  const r = await execa('docker', ['compose', '-p', 'rt2i', 'config', '--format', 'json'], { cwd: dir, env, extendEnv: false });
  return Number(JSON.parse(String(r.stdout)).services.app.mem_limit);
}

const plan = (dir: string) => cli(dir, ['plan', '--check', '--usage', 'stats.txt', '-p', 'rt2i']);
const MiB = 1024 * 1024;

describe("an included file's own environment decides, as compose's", () => {
  it('the .env beside the included file: 256M, 100M used is 39%, no change (was 156% of 64M, default edited)', async () => {
    const dir = project('include:\n  - inc/base.yaml\nservices:\n  web:\n    image: busybox\n', { 'inc/.env': 'M=256M\n' });
    expect(await composeLimit(dir)).toBe(256 * MiB);
    const r = await plan(dir);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it("the include's env_file: 128M is enforced, the value is to be changed there, not the default", async () => {
    const dir = project('include:\n  - path: inc/base.yaml\n    env_file: inc/x.env\nservices:\n  web:\n    image: busybox\n', { 'inc/x.env': 'M=128M\n' });
    expect(await composeLimit(dir)).toBe(128 * MiB);
    const r = await plan(dir);
    expect(r.stderr).toContain('the engine enforces 128M from M=128M in inc/x.env:1, not the default 64M written in inc/base.yaml:4');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('project_directory names the folder whose .env counts', async () => {
    const dir = project('include:\n  - path: inc/base.yaml\n    project_directory: other\nservices:\n  web:\n    image: busybox\n', { 'other/.env': 'M=100M\n', 'inc/.env': 'M=999M\n' });
    expect(await composeLimit(dir)).toBe(100 * MiB);
    expect((await plan(dir)).stderr).toContain('the engine enforces 100M from M=100M in other/.env:1');
  });

  it("the project's .env wins over the included one", async () => {
    const dir = project('include:\n  - inc/base.yaml\nservices:\n  web:\n    image: busybox\n', { '.env': 'M=512M\n', 'inc/.env': 'M=96M\n' });
    expect(await composeLimit(dir)).toBe(512 * MiB);
    // 100M used is 20% of 512M (no policy fires); with inc/.env's 96M it would be 104% and raised.
    const r = await plan(dir);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('control: no env file anywhere, the default decides and is edited (exit 1)', async () => {
    const dir = project('include:\n  - inc/base.yaml\nservices:\n  web:\n    image: busybox\n', {});
    expect(await composeLimit(dir)).toBe(64 * MiB);
    const r = await plan(dir);
    expect(r.stdout).toContain('+    mem_limit: ${M:-192M}');
    expect(r.code).toBe(1);
  });

  it('an env_file that does not exist is exit 2 at the include (compose refuses it too)', async () => {
    const dir = project('include:\n  - path: inc/base.yaml\n    env_file: nosuch.env\nservices:\n  web:\n    image: busybox\n', {});
    await expect(composeLimit(dir)).rejects.toThrow();
    const r = await plan(dir);
    expect(r.stderr.split('\n')[0]).toBe('composeshift: compose.yaml:2:5: include env_file not found: nosuch.env');
    expect(r.code).toBe(2);
  });

  it('an env_file outside the root is refused like every other reference', async () => {
    const dir = project('include:\n  - path: inc/base.yaml\n    env_file: ../x.env\nservices:\n  web:\n    image: busybox\n', {});
    const r = await plan(dir);
    expect(r.stderr.split('\n')[0]).toBe(`composeshift: compose.yaml:2:5: include env_file '../x.env' resolves outside the root (../x.env); use --allow-outside-root to follow it`);
    expect(r.code).toBe(2);
    expect(path.isAbsolute(dir)).toBe(true);
  });
});
