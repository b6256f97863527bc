import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { oomFloor } from '../../transforms/memory-limits/math.js';
import { captureIO, composeUpAll, containersBy, copyFixture, expectedText, removeProjectImages, waitForFill } from '../fixtures/e2e/helpers.js';
import { downProject, engineAvailable, projectName, removeDir, skipUnless, tempDir, waitFor } from './engine.js';

const MiB = 1024 * 1024;
const engine = await engineAvailable();

const MISSION_POLICY = `policies:
  - transform: memory-limits
    when: {limit: 128M, usageAbove: 50%}
    set: {limit: 192M}
    reservations: scale
`;

// A container started with a 16M limit that writes 64 MiB to /dev/shm is OOM-killed at once (restart: "no").
describe.skipIf(skipUnless(engine, 'apply: OOM-killed container'))('an OOM-killed container is raised to the OOM floor', () => {
  const project = projectName('oom');
  let dir = '';

  beforeAll(async () => {
    dir = await tempDir('oom');
    await copyFixture('oom', dir, project);
    await copyFile('/bin/busybox', join(dir, 'busybox'));
    await composeUpAll(dir, project);
    await waitFor('tiny to be OOM-killed', async () => {
      const c = (await containersBy(project)).tiny;
      return c && !c.running && c.oomKilled ? true : undefined;
    }, 120, 500);
  });

  afterAll(async () => {
    if (dir) await downProject(dir, project, ['compose.yaml']);
    await removeProjectImages(project);
    await removeDir(dir);
  });

  it('the floor is max(limit + 100 MiB, limit × 1.2) = 116M for 16M', () => {
    expect(oomFloor(16 * MiB)).toBe(116 * MiB);
  });

  it('plan --usage docker with the default policy shows 16M → 116M and an oom-killed finding', async () => {
    const c = captureIO(dir);
    expect(await run(['plan', '.', '--usage', 'docker'], c.io), c.err()).toBe(0);
    expect(c.out()).toContain('-    mem_limit: 16M # far too small: 64 MiB go to /dev/shm\n+    mem_limit: 116M # far too small: 64 MiB go to /dev/shm\n');
    expect(c.out()).toMatch(/^tiny +memory limit +16M → 116M\n {4}compose\.yaml:8: OOM-killed at 16M; raised to at least max\(limit \+ 100M,\s+limit × 1\.2\)/m);
    expect(c.out()).not.toMatch(/^calm /m);
    expect(c.err()).toContain(`warn tiny: container ${project}-tiny-1 was OOM-killed at 16M compose.yaml:8\n`);
    expect(c.err()).toContain('1 file would change (1 change)');
    // plan is a dry run.
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('oom', 'compose.yaml', project));
  });

  it('plan --json: the change and the finding carry the evidence', async () => {
    const c = captureIO(dir);
    expect(await run(['plan', '.', '--usage', 'docker', '--json'], c.io), c.err()).toBe(0);
    const json = JSON.parse(c.out()) as { changes: Array<{ service: string; what: string; before: string; after: string; reason: string }>; findings: Array<{ code: string; level: string; service?: string }> };
    // One project in the run: bare service names in --json, as in the summary.
    expect(json.changes.map((x) => [x.service, x.what, x.before, x.after])).toEqual([['tiny', 'memory limit', '16M', '116M']]);
    expect(json.changes[0]!.reason).toContain('docker inspect State.OOMKilled (reached its limit)');
    expect(json.findings.filter((f) => f.code === 'oom-killed')).toEqual([expect.objectContaining({ level: 'warn', service: 'tiny' })]);
  });

  it('the mission policy does not match a 16M limit, so the built-in OOM rule raises it the same way', async () => {
    await writeFile(join(dir, 'mission.yaml'), MISSION_POLICY);
    const c = captureIO(dir);
    expect(await run(['plan', '.', '-c', 'mission.yaml', '--usage', 'docker', '--json'], c.io), c.err()).toBe(0);
    const json = JSON.parse(c.out()) as { changes: Array<{ service: string; after: string; reason: string }> };
    expect(json.changes.map((x) => [x.service, x.after])).toEqual([['tiny', '116M']]);
    expect(json.changes[0]!.reason).toContain('policy built-in OOM rule');
  });

  it('apply --up recreates it with 116M and it now runs', async () => {
    const before = await containersBy(project);
    const c = captureIO(dir);
    expect(await run(['apply', '.', '--usage', 'docker', '--up'], c.io), c.err()).toBe(0);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('oom', 'compose.expected.yaml', project));
    await waitForFill(dir, project, 'tiny', 64);
    const after = await containersBy(project);
    expect(after.tiny!.id).not.toBe(before.tiny!.id);
    expect(after.tiny!.memory).toBe(116 * MiB);
    expect(after.tiny!.running).toBe(true);
    expect(after.calm).toEqual(before.calm);
  }, 180_000);
});
