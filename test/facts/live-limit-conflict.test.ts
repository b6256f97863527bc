import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downProject, engineAvailable, removeDir, skipUnless, upProject } from '../e2e/engine.js';

// Red-team class (facts side of memory-limits, `--usage docker`, the real engine): replicas of one service started
// at different times run with different limits (48M, then the file said 64M and `up --no-recreate --scale pair=2`
// added a 64M replica). The largest was taken as the service's running limit. Which one counts cannot be told:
// no running limit is used, and a limit-conflict warning names each container's HostConfig.Memory.
const BIN = resolve('bin/composeshift.js');
const engine = await engineAvailable();
const project = `rtf-conflict-${randomBytes(4).toString('hex')}`;

const compose = (limit: string): string => `name: ${project}
services:
  pair:
    build: { context: ., network: none }
    network_mode: none
    mem_limit: ${limit}
    command: ["sh", "-c", "while true; do sleep 1; done"]
`;

describe.skipIf(skipUnless(engine, 'live facts: replicas with different limits'))('--usage docker: replicas with different limits', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await upProject('rtf-conflict', project, compose('48M'));
    await writeFile(join(dir, 'compose.yaml'), compose('64M'));
    await execa('docker', ['compose', '-p', project, 'up', '-d', '--no-recreate', '--scale', 'pair=2'], { cwd: dir, timeout: 240_000 });
  }, 300_000);

  afterAll(async () => {
    if (dir) await downProject(dir, project, ['compose.yaml']);
    await removeDir(dir);
  }, 120_000);

  it('a limit-conflict warning names both containers and values; no running limit is used', async () => {
    const { stdout } = await execa('docker', ['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
    expect(stdout.split('\n').sort()).toEqual([`${project}-pair-1`, `${project}-pair-2`]);
    const r = await execa(process.execPath, [BIN, 'plan', '.', '--usage', 'docker', '-t', 'memory-limits', '-v'], { cwd: dir, env: { NO_COLOR: '1' }, reject: false, timeout: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('warn containers of 1 service run with different memory limits'));
    expect(line).toBeDefined();
    expect(line).toContain(`${project}-pair-1 50331648`);
    expect(line).toContain(`${project}-pair-2 67108864`);
    expect(line!.endsWith('; docker inspect HostConfig.Memory)')).toBe(true);
  });
});
