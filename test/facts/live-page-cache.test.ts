import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downProject, engineAvailable, removeDir, skipUnless, upProject, waitFor } from '../e2e/engine.js';

// Red-team class (facts side of memory-limits, `--usage docker`, the real engine): the kernel's recorded peak
// (cgroup v1 memory.max_usage_in_bytes, v2 memory.peak) counts page cache, which docker stats leaves out and the
// kernel reclaims before an OOM kill. A container that wrote a 100 MiB file used 3.5 MiB by docker stats, but
// its "usage" became the 104 MiB peak: 128M → 320M planned ("usage 103.93M = 81% of 128M"). How much of a peak
// was cache is recorded nowhere (memory.stat says only how much cache there is now), so the working set's peak lies
// between the sampled usage and the kernel's peak: where the two decide differently, nothing changes and a warning
// says why; the sampled usage is the measurement shown.
const BIN = resolve('bin/composeshift.js');
const MiB = 1024 * 1024;
const engine = await engineAvailable();
const project = `rtf-cache-${randomBytes(4).toString('hex')}`;

const COMPOSE = `name: ${project}
services:
  reader:
    build: { context: ., network: none }
    network_mode: none
    mem_limit: 128M
    command: ["sh", "-c", "head -c 100m /dev/urandom > /data.bin; sync; touch /done; while true; do sleep 1; done"]
`;

describe.skipIf(skipUnless(engine, 'live facts: page cache'))('--usage docker: page cache is not usage', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await upProject('rtf-cache', project, COMPOSE);
    await waitFor('the 100 MiB file to be written', async () => {
      const r = await execa('docker', ['exec', `${project}-reader-1`, 'ls', '/done'], { reject: false });
      return r.exitCode === 0 ? true : undefined;
    }, 240, 500);
  }, 300_000);

  afterAll(async () => {
    if (dir) await downProject(dir, project, ['compose.yaml']);
    await removeDir(dir);
  }, 120_000);

  it('plan: no change and a warning naming both figures (was 128M → 320M from a peak that was page cache); report: the sampled usage', async () => {
    const env = { NO_COLOR: '1' };
    const plan = await execa(process.execPath, [BIN, 'plan', '.', '--usage', 'docker', '-t', 'memory-limits'], { cwd: dir, env, reject: false, timeout: 120_000 });
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toContain('no changes');
    // This engine's cgroups are readable from the host (or through docker exec): the peak is there, with the cache in it.
    expect(plan.stderr).toMatch(
      /reader: the sampled usage [\d.]+[KM] \(docker stats \(1 sample\)\) decides no change, the kernel's peak [\d.]+M \(cgroup memory\.(max_usage_in_bytes|peak)\) limit 128M → 320M; that peak counts page cache, which the kernel reclaims before an OOM kill \([\d.]+M of it now \(memory\.stat inactive_file\)\), so the working set's peak lies between the two: nothing changed/,
    );
    const rep = await execa(process.execPath, [BIN, 'report', '.', '--usage', 'docker', '--format', 'json'], { cwd: dir, env, reject: false, timeout: 120_000 });
    expect(rep.exitCode, rep.stderr).toBe(0);
    const row = (JSON.parse(rep.stdout) as { services: { usage: number; usageSource: string }[] }).services[0]!;
    expect(row.usage).toBeLessThan(32 * MiB);
    expect(row.usageSource).toBe('docker stats (1 sample)');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(COMPOSE);
  });
});
