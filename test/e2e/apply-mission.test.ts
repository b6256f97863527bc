import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { ReportData } from '../../src/report/model.js';
import { captureIO, containersBy, copyFixture, expectedText, waitForFill, composeUpAll, removeProjectImages, type Seen } from '../fixtures/e2e/helpers.js';
import { downProject, engineAvailable, projectName, removeDir, skipUnless, tempDir } from './engine.js';

const MiB = 1024 * 1024;
const engine = await engineAvailable();

// The mission: three services in one 128M tier holding ~70, ~40 and ~20 MiB (tmpfs pages in /dev/shm are
// charged to the container's memory cgroup and cannot be reclaimed). Only the one above 50% is raised.
describe.skipIf(skipUnless(engine, 'apply: mission scenario'))('apply --usage docker --up: the mission scenario', () => {
  const project = projectName('mission');
  let dir = '';
  let before: Record<string, Seen> = {};

  beforeAll(async () => {
    dir = await tempDir('mission');
    await copyFixture('mission', dir, project);
    await copyFile('/bin/busybox', join(dir, 'busybox'));
    await composeUpAll(dir, project);
    for (const [svc, mib] of [['hog70', 70], ['hog40', 40], ['hog20', 20]] as const) await waitForFill(dir, project, svc, mib);
    before = await containersBy(project);
  });

  afterAll(async () => {
    if (dir) await downProject(dir, project, ['compose.yaml']);
    await removeProjectImages(project);
    await removeDir(dir);
  });

  it('measures the three services on the live engine: only hog70 is above 50% of 128M', async () => {
    const c = captureIO(dir);
    expect(await run(['report', '.', '--usage', 'docker', '--format', 'json'], c.io)).toBe(0);
    const data = JSON.parse(c.out()) as ReportData;
    const rows = Object.fromEntries(data.services.map((r) => [r.service, r]));
    // Printed so a run shows what the kernel peak reported (cgroup v1's peak counts page cache too).
    console.info(`mission usage: ${data.services.map((r) => `${r.service} ${((r.usage ?? 0) / MiB).toFixed(1)} MiB (${r.pctBefore}%, ${r.usageSource})`).join('; ')}`);
    // One project in the run: bare service names, as in plan --json.
    expect(Object.keys(rows)).toEqual(['hog70', 'hog40', 'hog20']);
    for (const r of data.services) expect(r.limitBefore).toBe(128 * MiB);
    expect(rows.hog70!.pctBefore).toBeGreaterThan(50);
    expect(rows.hog40!.pctBefore).toBeLessThan(50);
    expect(rows.hog20!.pctBefore).toBeLessThan(50);
    expect(rows.hog70!.usage).toBeGreaterThanOrEqual(70 * MiB);
  });

  it('raises only hog70, recreates only its container, and a second run is a no-op', async () => {
    expect(Object.keys(before).sort()).toEqual(['hog20', 'hog40', 'hog70']);
    for (const s of Object.values(before)) expect(s.memory).toBe(134217728);

    const first = captureIO(dir);
    const code = await run(['apply', '.', '--usage', 'docker', '--up'], first.io);
    expect(first.err(), first.err()).not.toContain('internal error');
    expect(code, first.err()).toBe(0);
    const want = await expectedText('mission', 'compose.expected.yaml', project);
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(want);
    expect(first.out()).toContain('-          memory: 128M   # tier: small\n+          memory: 192M   # tier: small\n');
    expect(first.out()).toMatch(/^hog70 +memory limit +128M → 192M\n {4}compose\.yaml:13: /m);
    expect(first.out()).toMatch(/^hog70 +memory reservation +64M → 96M\n {4}compose\.yaml:15: /m);
    expect(first.err()).toContain('docker compose up -d hog70: done');
    expect(first.err()).toContain('verify containers: done');
    expect(first.err()).not.toContain('docker compose build');

    const after = await containersBy(project);
    expect(after.hog70!.id).not.toBe(before.hog70!.id);
    expect(after.hog70!.memory).toBe(201326592);
    expect(after.hog70!.running).toBe(true);
    // A compose-only change recreates the container from the same image (no rebuild).
    expect(after.hog70!.image).toBe(before.hog70!.image);
    expect(after.hog40).toEqual(before.hog40);
    expect(after.hog20).toEqual(before.hog20);

    // Second run: 192M is no longer the 128M tier, so nothing matches; nothing is written or restarted.
    await waitForFill(dir, project, 'hog70', 70);
    const second = captureIO(dir);
    expect(await run(['apply', '.', '--usage', 'docker', '--up'], second.io), second.err()).toBe(0);
    expect(second.out()).toBe('');
    expect(second.err()).toBe('no changes\n');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(want);
    expect(await containersBy(project)).toEqual(after);
  }, 240_000);
});

// No engine needed: an engine that cannot be reached is a clean usage error (exit 2), not a crash.
describe('--usage docker without a reachable engine', () => {
  let dir = '';
  const saved = process.env.DOCKER_HOST;
  beforeAll(async () => {
    dir = await tempDir('no-engine');
    await copyFixture('mission', dir, 'csx-no-engine');
    process.env.DOCKER_HOST = `unix://${join(dir, 'no-such-docker.sock')}`;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await removeDir(dir);
  });

  it('exits 2 quoting the docker command and its error; nothing is written', async () => {
    const c = captureIO(dir);
    expect(await run(['apply', '.', '--usage', 'docker', '--up'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^composeshift: --usage docker: `docker ps --all --no-trunc --filter label=com\.docker\.compose\.project=csx-no-engine --format '\{\{\.ID\}\}'` failed \(exit 1\):\n.*no-such-docker\.sock/s);
    expect(c.err()).not.toContain('internal error');
    expect(await readFile(join(dir, 'compose.yaml'), 'utf8')).toBe(await expectedText('mission', 'compose.yaml', 'csx-no-engine'));
  });
});
